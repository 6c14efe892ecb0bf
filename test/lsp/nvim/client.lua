-- Drives the tw language server from Neovim's own LSP client (headless), as a user's config
-- would: start `tw lsp`, attach the buffer, then collect diagnostics, a hover, a definition and
-- completions at the positions the test passes in TW_NVIM_POS, and write them as JSON to
-- TW_NVIM_OUT. Neovim 0.7 API (start_client + buf_attach_client), which later versions keep.
local out = { steps = {} }
local function finish()
  local f = io.open(os.getenv('TW_NVIM_OUT'), 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local pos = vim.fn.json_decode(os.getenv('TW_NVIM_POS'))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'tw'
  local id = vim.lsp.start_client({
    name = 'tw',
    cmd = { os.getenv('TW_NODE'), os.getenv('TW_CLI'), 'lsp', '--stdio' },
    root_dir = vim.fn.getcwd(),
  })
  vim.lsp.buf_attach_client(buf, id)
  table.insert(out.steps, 'started')
  vim.wait(10000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end, 20)
  vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(out.diagnostics, { line = d.lnum, col = d.col, code = code, message = d.message, source = d.source })
  end
  local uri = vim.uri_from_bufnr(buf)
  local function request(method, p)
    local params = { textDocument = { uri = uri }, position = { line = p[1], character = p[2] } }
    if method == 'textDocument/references' then params.context = { includeDeclaration = true } end
    local res = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
    local r = res[id] or {}
    return r.result
  end
  out.hover = request('textDocument/hover', pos.hover)
  out.definition = request('textDocument/definition', pos.definition)
  out.completion = request('textDocument/completion', pos.completion)
  table.insert(out.steps, 'done')
end)
if not ok then out.error = tostring(err) end
finish()
