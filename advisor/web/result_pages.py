"""The result of a finished questionnaire or an uploaded profile: the page, its downloads and the what-if panel."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
