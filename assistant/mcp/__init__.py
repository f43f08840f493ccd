"""MCP server (Model Context Protocol): the calculators, clause search, 政策体检 and ask as tools for any agent.

    from assistant.mcp import build_server
    build_server().run()                      # stdio; `policy-assistant mcp` does this
    mount_mcp(fastapi_app, runtime)           # assistant.mcp.web: the same server under /mcp of the web app
"""

from assistant.mcp.server import build_server

__all__ = ["build_server"]
