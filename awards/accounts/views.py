"""Register, verify, sign in and out, reset and change credentials, jury invitations."""

from flask import Blueprint, render_template

bp = Blueprint("accounts", __name__, url_prefix="/account")


@bp.get("/login")
def login():  # type: ignore[no-untyped-def]
    return render_template("accounts/stub.html")


@bp.get("/register")
def register():  # type: ignore[no-untyped-def]
    return render_template("accounts/stub.html")


@bp.get("/unverified")
def unverified():  # type: ignore[no-untyped-def]
    return render_template("accounts/stub.html")


@bp.get("/settings")
def settings():  # type: ignore[no-untyped-def]
    return render_template("accounts/stub.html")


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    return render_template("accounts/stub.html")
