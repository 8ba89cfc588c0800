"""Push: every mutation type, its effect, and exactly-once by mutation id and fact UUID."""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from server.extensions import db
from server.fieldwork.models import Attachment, Note, PartUse, Swap
from server.finance.models import FeeEntry
from server.orders.models import WorkOrder
from server.sync.models import SyncMutation
from server.technicians.models import Technician
from tests.assertions import assert_error
from tests.factories import make_order, make_technician, make_user
from tests.fieldwork.test_iccid import with_check_digit
from tests.sync.conftest import Phone, assign, reload

OLD_SIM = with_check_digit("898600" + "1" * 12)
NEW_SIM = with_check_digit("898600" + "2" * 12)


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def detail(phone: Phone, order_id: int) -> dict[str, Any]:
    response = phone.client.get(f"/api/v1/orders/{order_id}", headers=phone.headers)
    assert response.status_code == 200
    body: dict[str, Any] = response.json
    return body


def test_status_mutations_walk_the_life_cycle(phone: Phone, order: WorkOrder) -> None:
    results = phone.push(
        phone.mutation("order.en_route", order.id),
        phone.mutation("order.arrived", order.id, {"lat": 30.25, "lon": 120.16}),
        phone.mutation("order.complete", order.id, {"notes": "Replaced a 50 mm valve."}),
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    done = reload(order.id)
    assert done.status == "completed"
    assert done.completed_at is not None
    assert done.completed_at.isoformat() == "2026-11-22T01:14:03+00:00"
    steps = [(e.to_status, e.device_at) for e in done.events if e.type == "transition"]
    assert [s for s, _ in steps] == ["assigned", "en_route", "on_site", "completed"]
    assert steps[2][1] is not None
    assert steps[2][1].hour == 1
    technician = db.session.get_one(Technician, done.technician_id)
    assert (technician.last_lat, technician.last_lon) == (30.25, 120.16)
    assert technician.last_fix_at is not None


def test_hold_records_reason(phone: Phone, order: WorkOrder) -> None:
    results = phone.push(
        phone.mutation("order.en_route", order.id),
        phone.mutation("order.hold", order.id, {"reason": "no_access", "notes": "Gate locked"}),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    held = reload(order.id)
    assert held.status == "on_hold"
    assert held.events[-1].notes == "No access: Gate locked"


def test_complete_needs_notes(phone: Phone, order: WorkOrder) -> None:
    phone.push(phone.mutation("order.arrived", order.id))
    blank, missing = phone.push(
        phone.mutation("order.complete", order.id, {"notes": "   "}),
        phone.mutation("order.complete", order.id, {}),
    )
    assert (blank["status"], blank["code"]) == ("rejected", "validation_error")
    assert (missing["status"], missing["code"]) == ("rejected", "validation_error")
    assert reload(order.id).status == "on_site"


def test_part_use_and_serial_tracking(
    phone: Phone, order: WorkOrder, part: Any, tracked_part: Any
) -> None:
    plain, untracked, tracked = phone.push(
        phone.mutation("part.use", order.id, {"part_id": part.id, "quantity": 2}),
        phone.mutation("part.use", order.id, {"part_code": "GT06N"}),
        phone.mutation("part.use", order.id, {"part_code": "GT06N", "serial": "SN-0042"}),
    )
    assert plain["status"] == "applied"
    assert (untracked["status"], untracked["code"]) == ("rejected", "validation_error")
    assert tracked["status"] == "applied"
    parts = detail(phone, order.id)["parts"]
    assert [(p["part_code"], p["quantity"], p["serial"]) for p in parts] == [
        ("VALVE-50", 2, None),
        ("GT06N", 1, "SN-0042"),
    ]
    assert parts[0]["uuid"] == plain["id"]


def test_a_part_used_offline_counts_after_it_is_retired(
    phone: Phone, order: WorkOrder, part: Any
) -> None:
    """The phone used the part before the admin took it off the list: the use is kept;
    a part the catalogue never had is still refused."""
    part.active = False
    db.session.commit()
    used, unknown = phone.push(
        phone.mutation("part.use", order.id, {"part_id": part.id}),
        phone.mutation("part.use", order.id, {"part_code": "NO-SUCH-PART"}),
    )
    assert used["status"] == "applied", used
    assert (unknown["status"], unknown["code"]) == ("rejected", "validation_error")
    assert [p["part_code"] for p in detail(phone, order.id)["parts"]] == ["VALVE-50"]


def test_terminal_and_sim_swaps(phone: Phone, order: WorkOrder) -> None:
    terminal, sim, bad_sim = phone.push(
        phone.mutation(
            "terminal.swap", order.id, {"old_serial": "863921034", "new_serial": "863921099"}
        ),
        phone.mutation("sim.swap", order.id, {"old_iccid": OLD_SIM, "new_iccid": NEW_SIM}),
        phone.mutation(
            "sim.swap",
            order.id,
            {
                "old_iccid": OLD_SIM,
                "new_iccid": NEW_SIM[:-1] + "0" if NEW_SIM[-1] != "0" else NEW_SIM[:-1] + "1",
            },
        ),
    )
    assert terminal["status"] == sim["status"] == "applied"
    assert (bad_sim["status"], bad_sim["code"]) == ("rejected", "validation_error")
    assert "check digit" in bad_sim["message"]
    swaps = detail(phone, order.id)["swaps"]
    assert [(s["kind"], s["old"], s["new"]) for s in swaps] == [
        ("terminal", "863921034", "863921099"),
        ("sim", OLD_SIM, NEW_SIM),
    ]


def fee(receipt: str = "R-A-000001", **extra: Any) -> dict[str, Any]:
    return {"amount": "120.00", "currency": "CNY", "method": "cash", "receipt_no": receipt, **extra}


def test_fee_goes_to_the_ledger(phone: Phone, order: WorkOrder) -> None:
    (result,) = phone.push(phone.mutation("fee.collect", order.id, fee(invoice_requested=True)))
    assert result["status"] == "applied"
    entry = db.session.scalar(select(FeeEntry))
    assert entry is not None
    assert (entry.amount, entry.method, entry.receipt_no) == (
        Decimal("120.00"),
        "cash",
        "R-A-000001",
    )
    assert entry.invoice_requested
    assert entry.uuid == result["id"]
    assert entry.collected_at.isoformat() == "2026-11-22T01:14:03+00:00"
    fees = detail(phone, order.id)["fees"]
    assert [(f["amount"], f["receipt_no"]) for f in fees] == [("120.00", "R-A-000001")]


def test_fee_receipt_number_is_unique(phone: Phone, order: WorkOrder) -> None:
    first, again = phone.push(
        phone.mutation("fee.collect", order.id, fee()),
        phone.mutation("fee.collect", order.id, fee(amount="80.00")),
    )
    assert first["status"] == "applied"
    assert (again["status"], again["code"]) == ("rejected", "duplicate_receipt")
    assert count(FeeEntry) == 1


def test_fee_bad_amount_rejected(phone: Phone, order: WorkOrder) -> None:
    zero, many_places = phone.push(
        phone.mutation("fee.collect", order.id, fee(amount="0.00")),
        phone.mutation("fee.collect", order.id, fee(amount="1.005", receipt="R-A-2")),
    )
    assert zero["code"] == many_places["code"] == "validation_error"
    assert count(FeeEntry) == 0


def test_double_tap_fee_is_one_fact(phone: Phone, order: WorkOrder) -> None:
    """The fee's UUID is made when its form opens: two submissions carry the same one."""
    fee_uuid = str(uuid.uuid4())
    first, second = phone.push(
        phone.mutation("fee.collect", order.id, fee(uuid=fee_uuid)),
        phone.mutation("fee.collect", order.id, fee(uuid=fee_uuid)),
    )
    assert first["status"] == "applied"
    assert (second["status"], second["code"]) == ("duplicate", "already_recorded")
    assert count(FeeEntry) == 1


def test_same_batch_twice_has_one_effect(phone: Phone, order: WorkOrder, part: Any) -> None:
    batch = [
        phone.mutation("order.arrived", order.id),
        phone.mutation("part.use", order.id, {"part_id": part.id}),
        phone.mutation("fee.collect", order.id, fee()),
        phone.mutation("sim.swap", order.id, {"old_iccid": OLD_SIM, "new_iccid": NEW_SIM}),
        phone.mutation("order.hold", order.id, {"reason": "bogus"}),
    ]
    first = phone.push(*batch)
    second = phone.push(*batch)
    assert [r["status"] for r in first] == ["applied"] * 4 + ["rejected"]
    assert [r["status"] for r in second] == ["duplicate"] * 5
    assert [r["original_status"] for r in second] == ["applied"] * 4 + ["rejected"]
    assert second[4]["code"] == "validation_error"
    assert reload(order.id).status == "on_site"
    assert (count(PartUse), count(FeeEntry), count(Swap), count(SyncMutation)) == (1, 1, 1, 5)


def test_rejected_is_recorded_and_replayed(phone: Phone, order: WorkOrder) -> None:
    mutation = phone.mutation("order.complete", order.id, {"notes": "done"})
    (first,) = phone.push(mutation)
    (again,) = phone.push(mutation)
    assert (first["status"], first["code"]) == ("rejected", "illegal_transition")
    assert again["status"] == "duplicate"
    assert (again["original_status"], again["code"]) == ("rejected", "illegal_transition")


def upload(phone: Phone, blob_id: str, data: bytes, sha: str | None = None) -> Any:
    return phone.client.put(
        f"/api/v1/blobs/{blob_id}",
        data=data,
        headers={
            **phone.headers,
            "Content-Type": "image/jpeg",
            "X-Content-SHA256": sha or hashlib.sha256(data).hexdigest(),
        },
    )


def test_photo_waits_for_its_blob(phone: Phone, order: WorkOrder, app: Any, tmp_path: Any) -> None:
    app.config["BLOB_DIR"] = str(tmp_path / "blobs")
    blob_id = str(uuid.uuid4())
    attach = phone.mutation("photo.attach", order.id, {"blob_id": blob_id, "caption": "Valve"})
    (early,) = phone.push(attach)
    assert (early["status"], early["code"]) == ("retry", "blob_missing")
    assert count(SyncMutation) == 0
    assert upload(phone, blob_id, b"\xff\xd8jpeg bytes").status_code == 201
    (later,) = phone.push(attach)
    assert later["status"] == "applied"
    attachment = db.session.scalar(select(Attachment))
    assert attachment is not None
    assert attachment.blob_id == blob_id
    signature = phone.mutation("signature.attach", order.id, {"blob_id": blob_id})
    assert phone.push(signature)[0]["status"] == "applied"
    picture = phone.client.get(f"/api/v1/blobs/{blob_id}", headers=phone.headers)
    assert picture.status_code == 200
    assert picture.data == b"\xff\xd8jpeg bytes"
    picture.close()


def test_blob_upload_is_idempotent_and_checked(phone: Phone, app: Any, tmp_path: Any) -> None:
    app.config["BLOB_DIR"] = str(tmp_path / "blobs")
    blob_id = str(uuid.uuid4())
    assert_error(upload(phone, blob_id, b"abc", sha="0" * 64), 422, "checksum_mismatch", "sha256")
    assert upload(phone, blob_id, b"abc").status_code == 201
    again = upload(phone, blob_id, b"abc")
    assert again.status_code == 200
    assert again.json["sha256"] == hashlib.sha256(b"abc").hexdigest()
    assert_error(upload(phone, blob_id, b"other"), 409, "blob_conflict")
    assert len(list((tmp_path / "blobs").rglob("*"))) == 2  # one folder, one file


def test_note_added(phone: Phone, order: WorkOrder) -> None:
    (result,) = phone.push(
        phone.mutation("note.add", order.id, {"text": "Dog in yard", "base_version": 0})
    )
    assert result["status"] == "applied"
    note = db.session.scalar(select(Note))
    assert note is not None
    assert (note.text, note.revision, note.conflict) == (
        "Dog in yard",
        1,
        False,
    )


def test_location_field_updates_last_fix(phone: Phone, order: WorkOrder) -> None:
    phone.push(
        phone.mutation("order.en_route", order.id, {"location": {"lat": 30.3, "lon": 120.2}})
    )
    technician = db.session.get_one(Technician, reload(order.id).technician_id)
    assert (technician.last_lat, technician.last_lon) == (30.3, 120.2)


def test_only_own_orders(phone: Phone, order: WorkOrder) -> None:
    other = make_order("water_leak")
    assign(other, make_technician("tech02"))
    (result,) = phone.push(phone.mutation("order.en_route", other.id))
    assert (result["status"], result["code"]) == ("rejected", "not_your_order")
    assert reload(other.id).status == "assigned"
    (missing,) = phone.push(phone.mutation("order.en_route", 999999))
    assert (missing["status"], missing["code"]) == ("rejected", "not_found")


def test_malformed_mutation_rejected_alone(phone: Phone, order: WorkOrder) -> None:
    good = phone.mutation("order.en_route", order.id)
    bad = {"id": "not-a-uuid", "type": "order.en_route", "order_id": order.id}
    results = phone.push(bad, good)
    assert (results[0]["status"], results[0]["code"]) == ("rejected", "validation_error")
    assert results[1]["status"] == "applied"


def test_push_needs_a_technician(client: FlaskClient, login: Any, app: Any) -> None:
    make_user("dispatcher", "disp")
    headers = login("disp")
    response = client.post(
        "/api/v1/sync/push", json={"device_id": "x", "mutations": []}, headers=headers
    )
    assert_error(response, 403, "forbidden")
    response = client.post("/api/v1/sync/push", json={"mutations": []}, headers=headers)
    assert response.status_code in (403, 422)
    assert_error(client.get("/api/v1/sync/pull"), 401, "missing_token")


def test_another_technician_cannot_read_my_upload(
    phone: Phone, app: Any, tmp_path: Any, login: Any
) -> None:
    app.config["BLOB_DIR"] = str(tmp_path / "blobs")
    blob_id = str(uuid.uuid4())
    assert upload(phone, blob_id, b"\xff\xd8mine").status_code == 201
    make_technician("tech02")
    other = phone.client.get(f"/api/v1/blobs/{blob_id}", headers=login("tech02"))
    assert_error(other, 403, "not_your_upload")
    office = phone.client.get(
        f"/api/v1/blobs/{blob_id}", headers=login(make_user("agent").username)
    )
    assert office.status_code == 200
    assert office.data == b"\xff\xd8mine"
    office.close()
