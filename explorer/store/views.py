"""Saved views (a name and a URL query string) and presentations (ordered lists of saved views)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from explorer.store import db
from explorer.store.auth import Actor, require_writer
from explorer.store.models import NAME_MAX, QUERY_MAX, Presentation, SavedView, Slide


@dataclass(frozen=True)
class ViewRecord:
    id: int
    name: str
    query: str


@dataclass(frozen=True)
class SlideRecord:
    id: int
    view_id: int
    name: str
    query: str


@dataclass(frozen=True)
class PresentationRecord:
    id: int
    name: str
    slides: tuple[SlideRecord, ...] = ()


class NotFound(LookupError):
    pass


def _name(name: str | None, what: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValueError(f"Give the {what} a name first.")
    if len(name) > NAME_MAX:
        raise ValueError(f"A {what} name can be at most {NAME_MAX} characters.")
    return name


def _query(query: str | None) -> str:
    query = "?" + (query or "").lstrip("?")
    if len(query) > QUERY_MAX:
        raise ValueError("This view's address is too long to save.")
    return query


def _get(session, model, item_id, what: str):
    row = session.get(model, int(item_id), with_for_update=True)
    if row is None:
        raise NotFound(f"That {what} no longer exists; someone may have deleted it.")
    return row


# Saved views --------------------------------------------------------------------------------------


def save_view(engine: Engine, actor: Actor, name: str, query: str) -> int:
    require_writer(actor)
    view = SavedView(name=_name(name, "view"), query=_query(query), created_by=actor.name)
    with db.writing(engine) as session:
        session.add(view)
        session.flush()
        return view.id


def rename_view(engine: Engine, actor: Actor, view_id: int, name: str) -> None:
    require_writer(actor)
    name = _name(name, "view")
    with db.writing(engine) as session:
        _get(session, SavedView, view_id, "view").name = name


def delete_view(engine: Engine, actor: Actor, view_id: int) -> None:
    """Delete a saved view, and the slides that show it."""
    require_writer(actor)
    with db.writing(engine) as session:
        view = _get(session, SavedView, view_id, "view")
        decks = session.scalars(
            select(Presentation).join(Slide).where(Slide.view_id == view.id).with_for_update()
        ).unique()
        for deck in decks:
            _renumber([s for s in deck.slides if s.view_id != view.id])
            deck.slides[:] = [s for s in deck.slides if s.view_id != view.id]
        session.delete(view)


def list_views(engine: Engine) -> list[ViewRecord]:
    with db.reading(engine) as session:
        rows = session.scalars(select(SavedView).order_by(func.lower(SavedView.name), SavedView.id))
        return [ViewRecord(v.id, v.name, v.query) for v in rows]


def get_view(engine: Engine, view_id: int) -> ViewRecord | None:
    with db.reading(engine) as session:
        view = session.get(SavedView, int(view_id))
        return ViewRecord(view.id, view.name, view.query) if view else None


# Presentations ------------------------------------------------------------------------------------


def create_presentation(engine: Engine, actor: Actor, name: str) -> int:
    require_writer(actor)
    deck = Presentation(name=_name(name, "presentation"), created_by=actor.name)
    with db.writing(engine) as session:
        session.add(deck)
        session.flush()
        return deck.id


def rename_presentation(engine: Engine, actor: Actor, presentation_id: int, name: str) -> None:
    require_writer(actor)
    name = _name(name, "presentation")
    with db.writing(engine) as session:
        _get(session, Presentation, presentation_id, "presentation").name = name


def delete_presentation(engine: Engine, actor: Actor, presentation_id: int) -> None:
    require_writer(actor)
    with db.writing(engine) as session:
        session.delete(_get(session, Presentation, presentation_id, "presentation"))


def list_presentations(engine: Engine) -> list[PresentationRecord]:
    with db.reading(engine) as session:
        rows = session.scalars(select(Presentation).order_by(func.lower(Presentation.name), Presentation.id))
        return [PresentationRecord(p.id, p.name) for p in rows]


def get_presentation(engine: Engine, presentation_id: int) -> PresentationRecord | None:
    with db.reading(engine) as session:
        deck = session.get(Presentation, int(presentation_id))
        if deck is None:
            return None
        slides = tuple(SlideRecord(s.id, s.view_id, s.view.name, s.view.query) for s in deck.slides)
        return PresentationRecord(deck.id, deck.name, slides)


def add_slide(engine: Engine, actor: Actor, presentation_id: int, view_id: int) -> int:
    """Append a saved view to a presentation; returns the slide id."""
    require_writer(actor)
    with db.writing(engine) as session:
        deck = _get(session, Presentation, presentation_id, "presentation")  # locked: positions stay unique
        _get(session, SavedView, view_id, "view")
        slide = Slide(presentation_id=deck.id, view_id=int(view_id), position=_next_position(deck))
        session.add(slide)
        session.flush()
        return slide.id


def remove_slide(engine: Engine, actor: Actor, slide_id: int) -> None:
    require_writer(actor)
    with db.writing(engine) as session:
        slide = _get(session, Slide, slide_id, "slide")
        deck = _get(session, Presentation, slide.presentation_id, "presentation")
        deck.slides.remove(slide)
        _renumber(deck.slides)


def move_slide(engine: Engine, actor: Actor, slide_id: int, offset: int) -> None:
    """Move a slide up (offset -1) or down (+1); at either end it stays put."""
    require_writer(actor)
    with db.writing(engine) as session:
        slide = _get(session, Slide, slide_id, "slide")
        slides = list(_get(session, Presentation, slide.presentation_id, "presentation").slides)
        old = slides.index(slide)
        new = max(0, min(len(slides) - 1, old + int(offset)))
        slides.insert(new, slides.pop(old))
        _renumber(slides)


def reorder_slides(engine: Engine, actor: Actor, presentation_id: int, slide_ids: list[int]) -> None:
    """Put a presentation's slides in the given order (every slide id exactly once)."""
    require_writer(actor)
    with db.writing(engine) as session:
        deck = _get(session, Presentation, presentation_id, "presentation")
        by_id = {s.id: s for s in deck.slides}
        if sorted(by_id) != sorted(int(i) for i in slide_ids):
            raise ValueError("The new order must list every slide of the presentation once.")
        _renumber([by_id[int(i)] for i in slide_ids])


def _next_position(deck: Presentation) -> int:
    return max((s.position for s in deck.slides), default=-1) + 1


def _renumber(slides: list[Slide]) -> None:
    for position, slide in enumerate(slides):
        slide.position = position
