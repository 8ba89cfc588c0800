"""Off the plan: a technician marked away, or whose login is closed, hands back the work not
yet started in the same change; work under way stays theirs; the plan cannot take back
someone who cannot sign in."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.accounts.models import User
from server.errors import ValidationFailed
from server.extensions import db
from server.orders.models import OrderEvent, WorkOrder
from server.orders.transitions import TransitionRequest, move
from server.technicians import service as technicians
from server.technicians.models import Technician
from server.timeutil import utcnow
from tests.assertions import assert_error
from tests.factories import make_order, make_technician, make_user
from tests.sync.conftest import assign

Headers = dict[str, str]
Login = Callable[..., Headers]


@pytest.fixture
def office(login: Login) -> Headers:
    make_user("dispatcher", "disp")
    return login("disp")


@pytest.fixture
def admin(login: Login) -> Headers:
    make_user("admin", "boss")
    return login("boss")


def _work_of(technician: Technician, statuses: tuple[str, ...]) -> dict[str, int]:
    """One order of ``technician`` in each status, moved there through the life cycle."""
    made = {}
    for status in statuses:
        order = make_order("water_leak")
        assign(order, technician)
        if status in ("en_route", "on_site"):
            order.status = status  # the phone's moves; what matters is where it stands
        made[status] = order.id
    db.session.commit()
    return made


def _state(order_id: int) -> tuple[str, int | None]:
    db.session.expire_all()
    order = db.session.get_one(WorkOrder, order_id)
    return order.status, order.technician_id


def test_marking_a_technician_away_returns_unstarted_work_to_the_pool(
    client: FlaskClient, office: Headers
) -> None:
    away, colleague = make_technician("tech_away"), make_technician("tech_here")
    theirs = _work_of(away, ("assigned", "en_route", "on_site"))
    second = _work_of(away, ("assigned",))["assigned"]
    kept = _work_of(colleague, ("assigned",))["assigned"]
    response = client.patch(
        f"/api/v1/technicians/{away.id}", json={"active": False}, headers=office
    )
    assert response.status_code == 200, response.json
    assert response.json["active"] is False
    assert _state(theirs["assigned"]) == ("ready", None)
    assert _state(second) == ("ready", None)
    assert _state(theirs["en_route"]) == ("en_route", away.id)  # under way: still theirs
    assert _state(theirs["on_site"]) == ("on_site", away.id)
    assert _state(kept) == ("assigned", colleague.id)
    query = db.session.query(OrderEvent).filter_by(order_id=second, from_status="assigned")
    event = query.one()
    assert (event.to_status, event.notes) == ("ready", "Wang Lei is away.")


def test_a_technician_back_on_the_plan_gets_nothing_back_by_themself(
    client: FlaskClient, office: Headers
) -> None:
    """Coming back puts them on the plan; the next plan gives them work."""
    away = make_technician("tech_back")
    order = _work_of(away, ("assigned",))["assigned"]
    url = f"/api/v1/technicians/{away.id}"
    client.patch(url, json={"active": False}, headers=office)
    response = client.patch(url, json={"active": True}, headers=office)
    assert response.status_code == 200, response.json
    assert response.json["active"] is True
    assert _state(order) == ("ready", None)


def test_saving_details_of_a_technician_already_away_moves_nothing(
    client: FlaskClient, office: Headers
) -> None:
    """Only the change to away hands work back: saving an away technician's details again
    leaves alone what they hold (here an order written straight into their hands while away)."""
    away = make_technician("tech_still_away")
    url = f"/api/v1/technicians/{away.id}"
    client.patch(url, json={"active": False}, headers=office)
    order = make_order("water_leak")  # put in their hands behind the life cycle's back
    order.status, order.technician_id = "assigned", away.id
    db.session.commit()
    held = order.id
    events = db.session.query(OrderEvent).count()
    response = client.patch(url, json={"active": False, "phone": "1"}, headers=office)
    assert response.status_code == 200, response.json
    assert db.session.query(OrderEvent).count() == events
    assert _state(held) == ("assigned", away.id)


def test_closing_a_technicians_login_returns_their_work_too(
    client: FlaskClient, admin: Headers
) -> None:
    leaver = make_technician("tech_leaving")
    order = _work_of(leaver, ("assigned",))["assigned"]
    url = f"/api/v1/users/{leaver.user_id}/active"
    assert client.put(url, json={"active": False}, headers=admin).status_code == 200
    assert _state(order) == ("ready", None)


def test_no_one_is_planned_who_cannot_sign_in(client: FlaskClient, admin: Headers) -> None:
    leaver = make_technician("tech_closed")
    client.put(f"/api/v1/users/{leaver.user_id}/active", json={"active": False}, headers=admin)
    response = client.patch(
        f"/api/v1/technicians/{leaver.id}", json={"active": True}, headers=admin
    )
    error = assert_error(response, 422, "validation_error", "active")
    assert "Reactivate their account first" in error["details"]["active"][0]
    db.session.expire_all()
    assert db.session.get_one(Technician, leaver.id).active is False


def test_technicians_and_agents_cannot_take_anyone_off_the_plan(
    client: FlaskClient, login: Login
) -> None:
    target = make_technician("tech_target")
    make_technician("tech_other")
    make_user("agent", "desk")
    for who in ("tech_other", "desk"):
        response = client.patch(
            f"/api/v1/technicians/{target.id}", json={"active": False}, headers=login(who)
        )
        assert_error(response, 403, "forbidden")
    db.session.expire_all()
    assert db.session.get_one(Technician, target.id).active is True


def _both(app: Flask, first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    """Run ``first`` and, a moment later, ``second``, each on its own connection; what each
    returned, or the error it raised."""
    results: list[Any] = [None, None]

    def worker(index: int, job: Callable[[], Any], delay: float) -> None:
        with app.app_context():
            time.sleep(delay)
            try:
                results[index] = job()
            except Exception as error:  # the outcome is what the test checks
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=worker, args=(0, first, 0.0)),
        threading.Thread(target=worker, args=(1, second, 0.3)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _assign_slowly(order_id: int, technician_id: int) -> Callable[[], None]:
    """Assign the order, then keep the transaction open a while before committing."""

    def job() -> None:
        order = db.session.get_one(WorkOrder, order_id)
        request = TransitionRequest(
            to="assigned", version=order.version, technician_id=technician_id
        )
        move(None, order, request, utcnow())
        time.sleep(1.0)
        db.session.commit()

    return job


def _mark_away(actor_id: int, technician_id: int) -> Callable[[], None]:
    def job() -> None:
        actor = db.session.get_one(User, actor_id)
        technicians.update_technician(actor, technician_id, {"active": False})

    return job


@pytest.mark.usefixtures("postgres_only")
def test_marked_away_while_being_assigned_gets_the_order_back(app: Flask) -> None:
    """The assignment commits first: going away waits for it and hands that order back too."""
    tech, order = make_technician("tech_race"), make_order("water_leak")
    boss = make_user("dispatcher", "disp_race")
    assigned, away = _both(app, _assign_slowly(order.id, tech.id), _mark_away(boss.id, tech.id))
    assert (assigned, away) == (None, None)
    assert _state(order.id) == ("ready", None)


@pytest.mark.usefixtures("postgres_only")
def test_assigned_while_going_away_is_refused(app: Flask) -> None:
    """Going away commits first: the assignment waits for it, then sees them away."""
    tech, order = make_technician("tech_race2"), make_order("water_leak")

    def go_away_slowly() -> None:
        db.session.get_one(Technician, tech.id).active = False
        db.session.flush()
        time.sleep(1.0)
        db.session.commit()

    def assign() -> None:
        row = db.session.get_one(WorkOrder, order.id)
        request = TransitionRequest(to="assigned", version=row.version, technician_id=tech.id)
        move(None, row, request, utcnow())
        db.session.commit()

    away, assigned = _both(app, go_away_slowly, assign)
    assert away is None
    assert isinstance(assigned, ValidationFailed), assigned
    assert assigned.details == {"technician_id": ["Is not active."]}
    assert _state(order.id) == ("ready", None)
