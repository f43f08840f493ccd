"""MCP server (Model Context Protocol): the calculators, clause search, 政策体检 and ask as tools for any agent.

    from assistant.mcp.server import build_server
    build_server().run()                      # stdio; `policy-assistant mcp` does this
    from assistant.mcp.web import mount_mcp
    mount_mcp(fastapi_app, runtime)           # the same server under /mcp of the web app (app.py does this)

Nothing is imported here: ``assistant.mcp.cli`` is imported by every ``policy-assistant`` command to register the
``mcp`` sub-command, and must not pull in the MCP SDK (about a second) for the others.
"""
