"""Shapes of what the API takes and returns. Units are named by their stable code, members and transfers
by id."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from doanvu.members.models import Gender, Status, Transfer

from .textinput import InSchema, MultiLine


class Page(Schema):
    count: int
    page: int
    page_size: int
    pages: int


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_name: str
    parent: str | None = Field(description="Mã đơn vị cấp trên trực tiếp")
    depth: int = Field(description="Cấp trong cây (1 là gốc)")
    active_from: datetime.date
    active_to: datetime.date | None
    is_active: bool


class UnitPage(Page):
    results: list[UnitOut]


class MemberCounts(Schema):
    unit: int = Field(description="Đoàn viên đang sinh hoạt trực tiếp ở đơn vị này")
    subtree: int = Field(description="Đoàn viên đang sinh hoạt ở đơn vị này và mọi đơn vị trực thuộc")
    transfer_pending: int = Field(description="Đoàn viên đang chuyển sinh hoạt đi, trong cả cây con")


class UnitDetail(UnitOut):
    place: str
    children: int
    members: MemberCounts


class TreeNode(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    level: int = Field(description="0 là đơn vị được hỏi, 1 là cấp dưới trực tiếp, …")
    children: list[TreeNode] = []


TreeNode.model_rebuild()


class TreeOut(Schema):
    unit: str
    on: datetime.date | None = Field(description="Ngày của cây; null là cây hiện nay")
    flat: bool
    units: list[TreeNode]


class MemberFields(InSchema):
    """Every field a caller may write; all optional, so the same shape serves PATCH."""

    full_name: str | None = Field(None, max_length=120)
    gender: Gender | None = None
    date_of_birth: datetime.date | None = None
    ethnicity: str | None = Field(None, max_length=40)
    religion: str | None = Field(None, max_length=60)
    citizen_id: str | None = Field(None, max_length=12)
    hometown: str | None = Field(None, max_length=255)
    residence: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=15)
    email: str | None = Field(None, max_length=254)
    joined_on: datetime.date | None = None
    joined_place: str | None = Field(None, max_length=255)
    card_number: str | None = Field(None, max_length=30)
    education_level: str | None = Field(None, max_length=40)
    qualification: str | None = Field(None, max_length=120)
    political_theory: str | None = Field(None, max_length=40)
    occupation: str | None = Field(None, max_length=120)
    dues_category: str | None = Field(
        None,
        description="Đối tượng đóng đoàn phí: no_salary (không hưởng lương), salary (có hưởng lương), abroad "
        "(ở nước ngoài); rỗng hoặc null: xác định theo nghề nghiệp",
    )
    party_course_on: datetime.date | None = None
    party_introduced_on: datetime.date | None = None
    party_probationary_on: datetime.date | None = None
    party_full_on: datetime.date | None = None


class MemberCreate(MemberFields):
    unit: str = Field(description="Mã chi đoàn tiếp nhận")
    is_honorary: bool = False
    full_name: str = Field(max_length=120)
    gender: Gender
    date_of_birth: datetime.date


class MemberUpdate(MemberFields):
    pass


class MemberOut(Schema):
    id: int
    unit: str
    unit_name: str
    full_name: str
    gender: str
    date_of_birth: datetime.date
    ethnicity: str
    religion: str
    citizen_id: str
    hometown: str
    residence: str
    phone: str
    email: str
    joined_on: datetime.date | None
    joined_place: str
    card_number: str
    education_level: str
    qualification: str
    political_theory: str
    occupation: str
    dues_category: str = Field(
        description="Đối tượng đóng đoàn phí đã ghi (no_salary, salary, abroad); rỗng: xác định theo nghề nghiệp"
    )
    dues_category_applied: str = Field(
        description="Đối tượng đóng đoàn phí đang áp dụng: đã ghi, hoặc suy ra từ nghề nghiệp khi chưa ghi"
    )
    status: Status
    status_changed_on: datetime.date | None
    is_honorary: bool
    party_stage: str
    party_course_on: datetime.date | None
    party_introduced_on: datetime.date | None
    party_probationary_on: datetime.date | None
    party_full_on: datetime.date | None


class MemberPage(Page):
    results: list[MemberOut]


class TransferOut(Schema):
    id: int
    member: int
    member_name: str
    from_unit: str
    from_unit_name: str
    to_unit: str
    to_unit_name: str
    state: Transfer.State
    requested_on: datetime.date
    dues_paid_until: str
    reason: str
    decided_on: datetime.date | None
    decision_note: str
    incoming: bool = Field(description="Đơn vị tiếp nhận nằm trong phạm vi của bạn")
    outgoing: bool = Field(description="Đơn vị chuyển đi nằm trong phạm vi của bạn")


class TransferPage(Page):
    results: list[TransferOut]


class TransferCreate(InSchema):
    member: int
    to_unit: str = Field(description="Mã đơn vị tiếp nhận")
    requested_on: datetime.date | None = Field(None, description="Mặc định: hôm nay")
    reason: MultiLine = ""
    dues_paid_until: str = Field("", description="Đã đóng đoàn phí đến tháng, dạng MM/YYYY")


class TransferDecision(InSchema):
    on: datetime.date | None = Field(None, description="Ngày quyết định; mặc định: hôm nay")
    note: MultiLine = ""
