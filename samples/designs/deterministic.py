"""Same input, same bytes: what a producer stamps on a PDF at print time is taken out.

Browsers and some typesetters write the time of printing (`/CreationDate`, `/ModDate`, the XMP
packet's dates) and an `/ID` drawn from it. These are removed and the `/ID` is derived from the
content (qpdf's deterministic id), so `make designs` rebuilds the committed files byte for byte
where the engine itself is deterministic.
"""

from __future__ import annotations

import io

import pikepdf


def without_dates(pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = doc.docinfo
        for key in ("/CreationDate", "/ModDate"):
            if key in info:
                del info[key]
        if "/Metadata" in doc.Root:
            del doc.Root["/Metadata"]
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()
