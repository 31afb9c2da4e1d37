"""JSON API for the current user: who am I, password change, personal API tokens."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from app.accounts import service
from app.accounts.models import ApiTokenCreate, ApiTokenCreated, ApiTokenRead, PasswordChange, UserRead
from app.deps import SessionDep
from app.security import SESSION_COOKIE, CurrentUser

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.get("/me", response_model=UserRead)
def me(user: CurrentUser) -> UserRead:
    """The user this request is authenticated as."""
    return UserRead.model_validate(user)


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(request: Request, session: SessionDep, user: CurrentUser, data: PasswordChange) -> None:
    """Change your password; API tokens are revoked and other browser sessions logged out."""
    service.change_password(
        session,
        user=user,
        current=data.current_password,
        new=data.new_password,
        keep_session=request.cookies.get(SESSION_COOKIE),
    )


@router.get("/tokens", response_model=list[ApiTokenRead])
def list_tokens(session: SessionDep, user: CurrentUser) -> list[ApiTokenRead]:
    """Your API tokens (never the tokens themselves, only their first characters)."""
    return [ApiTokenRead.model_validate(t) for t in service.list_tokens(session, user=user)]


@router.post("/tokens", response_model=ApiTokenCreated, status_code=status.HTTP_201_CREATED)
def create_token(session: SessionDep, user: CurrentUser, data: ApiTokenCreate) -> ApiTokenCreated:
    """Create an API token; the response is the only time it is shown."""
    row, token = service.create_token(session, user=user, data=data)
    return ApiTokenCreated(**ApiTokenRead.model_validate(row).model_dump(), token=token)


@router.delete("/tokens/{token_id}", response_model=ApiTokenRead)
def revoke_token(session: SessionDep, user: CurrentUser, token_id: int) -> ApiTokenRead:
    """Revoke one of your API tokens."""
    return ApiTokenRead.model_validate(service.revoke_token(session, user=user, token_id=token_id))
