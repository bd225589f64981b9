"""Hypothesis strategies for page designs: any combination of the zoo's axes.

A drawn `DesignSpec` is printed by the ReportLab producer (the one that expresses every axis,
in process, in a fraction of a second), so that a property test can typeset a random catalogue
in a random design and require the records it was made from.
"""

from __future__ import annotations

from hypothesis import strategies as st

from samples.designs.spec import CARD_ORDERS, DesignSpec, Encoding, RoleStyle, Typography


def role_styles() -> st.SearchStrategy[RoleStyle]:
    return st.builds(
        RoleStyle,
        size=st.sampled_from([7.0, 8.0, 9.5]),
        weight=st.sampled_from(["regular", "bold"]),
        italic=st.booleans(),
        colour=st.sampled_from([None, (0.15, 0.15, 0.2)]),
    )


def _look(style: RoleStyle) -> tuple[object, ...]:
    return (style.size, style.weight, style.italic, style.colour)


def distinct_roles(spec: DesignSpec) -> bool:
    """A design sets title, publisher and blurb apart, by size, weight, slant or colour (one
    that does not is a hostile design of the zoo, not a reasonable one)."""
    t = spec.typography
    looks = {_look(t.title), _look(t.publisher), _look(t.blurb)}
    return len(looks) == 3


def designs() -> st.SearchStrategy[DesignSpec]:
    """Reasonable designs: any combination of the axes, with the card's roles set apart."""
    return _any_designs().filter(distinct_roles)


def _any_designs() -> st.SearchStrategy[DesignSpec]:
    return st.builds(
        DesignSpec,
        name=st.just("random"),
        producer=st.just("reportlab"),
        description=st.just(""),
        orientation=st.sampled_from(["portrait", "landscape"]),
        columns=st.integers(1, 3),
        flow=st.sampled_from(["down", "across"]),
        cards_per_page=st.integers(1, 4),
        frame=st.sampled_from(["boxed", "ruled", "bare"]),
        thumbnail=st.sampled_from(["vector", "raster", "none"]),
        thumbnail_at=st.sampled_from(["above", "beside"]),
        reflow=st.booleans(),
        typography=st.builds(
            Typography,
            title=role_styles(),
            publisher=role_styles(),
            family=st.sampled_from(["sans", "serif"]),
        ),
        cta=st.sampled_from(
            [None, "> Pour accéder à la ressource", "Voir la ressource", "Consulter ›"]
        ),
        links=st.sampled_from(["cta", "title", "blurb", "list", "notes", "under"]),
        folio=st.sampled_from(["plain", "dashes", "of-total", "page-word", "none"]),
        folio_offset=st.integers(0, 2),
        running_head=st.sampled_from([None, "ESS · Petites villes de demain"]),
        running_foot=st.sampled_from([None, "Catalogue de ressources ESS"]),
        side_banner=st.booleans(),
        decorative_text=st.sampled_from([None, "ESS"]),
        header=st.sampled_from(["banner", "running", "artwork"]),
        toc=st.sampled_from(["p-dot", "leaders", "number-first", "table"]),
        part_label=st.booleans(),
        part_title_after_toc=st.booleans(),
        encoding=st.builds(
            Encoding,
            ligatures=st.booleans(),
            no_space_glyphs=st.booleans(),
            colour_space=st.sampled_from(["rgb", "cmyk", "grey"]),
            layer_order=st.booleans(),
            invisible_text=st.booleans(),
            annotation_order=st.sampled_from(["reading", "reverse", "shuffled"]),
        ),
        card_order=st.sampled_from(CARD_ORDERS),
        # Most pages at the design's sizes; one page in a few shrunk to fit, by one factor or
        # two (a crowded page here and there, as the designs seen print them).
        page_scales=st.one_of(
            st.just((1.0,)),
            st.tuples(
                st.integers(1, 4),
                st.lists(st.floats(0.85, 0.99).map(lambda f: round(f, 3)), min_size=1, max_size=2),
            ).map(lambda drawn: tuple(s for f in drawn[1] for s in (*(1.0,) * drawn[0], f))),
        ),
        size_step=st.sampled_from([0.0, 0.1, 0.5]),
        scale_by=st.sampled_from(["sizes", "matrix", "ctm"]),
        seed=st.integers(0, 1000),
    )
