"""The JSON API under /api/v1: assess, what-if, schema, rules and questions."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
