"""The JSON API: one NinjaAPI, token authentication, the scope rules of doanvu.accounts.scope."""

from ninja import NinjaAPI, Swagger

from . import (
    criteria,
    errors,
    evaluation,
    inspection,
    jobs,
    me,
    members,
    pipeline,
    report_documents,
    report_workflow,
    stats,
    transfers,
    units,
    work,
)
from .auth import BearerToken

api = NinjaAPI(
    title="doanvu API",
    version="1",
    description=(
        "API của doanvu: đơn vị, đoàn viên, chuyển sinh hoạt. Xác thực bằng tiêu đề "
        "`Authorization: Bearer <mã>` (tạo mã ở trang “Mã truy cập API”). Mỗi mã có đúng phạm vi và quyền "
        "của tài khoản sở hữu: đơn vị ngoài phạm vi trả 404, thiếu quyền ghi trả 403. Tệp báo cáo (Word, "
        "PDF, Excel) được tạo ở nền như trên trang: yêu cầu trả 202 với một công việc nền; hỏi "
        "`GET /api/jobs/{id}` đến khi xong rồi tải `download_url`. Công việc chỉ người yêu cầu thấy."
    ),
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI comes from ninja's own static files ("ninja" is in INSTALLED_APPS); no online validator:
    # the app must work on an intranet.
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)
api.add_router("", units.router)
api.add_router("", members.router)
api.add_router("", me.router)
api.add_router("", transfers.router)
api.add_router("", work.router)
api.add_router("", stats.router)
api.add_router("", report_documents.router)
api.add_router("", jobs.router)
api.add_router("", report_workflow.router)
api.add_router("", evaluation.router)
api.add_router("", criteria.router)
api.add_router("", inspection.router)
api.add_router("", pipeline.router)
