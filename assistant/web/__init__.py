"""Web service: FastAPI API under /v1 (api, openai_compat) and the Gradio chat UI at / (ui)."""
