-- A real client for cellvet lsp: run by TestNeovim as
--   nvim --clean --headless -l e2e.lua CELLVET GOFILE LOCK NEWLOCK GOPLS
-- It opens GOFILE, waits for the cellvet diagnostic, applies its code
-- action, saves and sees the diagnostic clear; then copies NEWLOCK over
-- LOCK on disk and sees a diagnostic come back. With GOPLS (a path, or
-- ""), gopls is attached to the same buffer too. Each step prints a line;
-- a failure prints FAIL and exits 1.
local cellvet, gofile, lock, newlock, gopls = arg[1], arg[2], arg[3], arg[4], arg[5]

local function say(msg) io.stdout:write(msg .. "\n") end
local function fail(msg)
  io.stdout:write("FAIL: " .. msg .. "\n")
  os.exit(1)
end

-- The file watcher of didChangeWatchedFiles, which Neovim leaves off on
-- Linux unless asked.
local capabilities = vim.lsp.protocol.make_client_capabilities()
capabilities.workspace.didChangeWatchedFiles = { dynamicRegistration = true, relativePatternSupport = true }

vim.lsp.config("cellvet", {
  cmd = { cellvet, "lsp" },
  filetypes = { "go" },
  root_markers = { "go.mod" },
  capabilities = capabilities,
})
vim.lsp.enable("cellvet")
if gopls ~= "" then
  vim.lsp.config("gopls", { cmd = { gopls }, filetypes = { "go" }, root_markers = { "go.mod" } })
  vim.lsp.enable("gopls")
end

vim.cmd.edit(gofile)
local buf = vim.api.nvim_get_current_buf()

local function client(name)
  for _, c in ipairs(vim.lsp.get_clients({ bufnr = buf })) do
    if c.name == name then
      return c
    end
  end
end

local function diagnostics()
  local c = client("cellvet")
  if not c then
    return {}
  end
  return vim.diagnostic.get(buf, { namespace = vim.lsp.diagnostic.get_namespace(c.id) })
end

local function wait(what, pred)
  if not vim.wait(90000, pred, 100) then
    fail(what)
  end
end

wait("no cellvet diagnostic", function() return #diagnostics() > 0 end)
local d = diagnostics()[1]
say("diagnostic: " .. d.message)

local c = client("cellvet")
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = d.user_data.lsp.range, -- LSP's UTF-16 range, not the buffer's byte columns
  context = { diagnostics = { d.user_data.lsp } },
}
local res = c:request_sync("textDocument/codeAction", params, 60000, buf)
if not res or res.err or not res.result or #res.result == 0 then
  fail("no code action: " .. vim.inspect(res))
end
local action = res.result[1]
say("code action: " .. action.title)
vim.lsp.util.apply_workspace_edit(action.edit, c.offset_encoding)
vim.cmd.write()
wait("the diagnostic did not clear", function() return #diagnostics() == 0 end)
say("cleared")

if gopls ~= "" then
  wait("gopls did not attach", function() return client("gopls") ~= nil end)
  say("gopls attached beside cellvet")
end

local data = assert(io.open(newlock, "rb")):read("a")
local f = assert(io.open(lock, "wb"))
f:write(data)
f:close()
wait("no diagnostic after the cell.lock edit", function() return #diagnostics() > 0 end)
say("after the lock edit: " .. diagnostics()[1].message)
vim.cmd("qa!")
