-- Opens the files named in $LSP_TEST_FILES (separated by ":"), waits until the language
-- server has published diagnostics for every one of them, and writes
-- vim.diagnostic.get() of each buffer as JSON to $LSP_TEST_OUTPUT, then quits.
local files = vim.split(os.getenv("LSP_TEST_FILES"), ":", { plain = true })
local buffers = {}
for _, file in ipairs(files) do
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  buffers[file] = vim.api.nvim_get_current_buf()
end

local function all_published()
  for _, buffer in pairs(buffers) do
    if #vim.diagnostic.get(buffer) == 0 then
      return false
    end
  end
  return true
end

local published = vim.wait(tonumber(os.getenv("LSP_TEST_PATIENCE_MS")), all_published, 50)
local result = { published = published, diagnostics = {} }
for file, buffer in pairs(buffers) do
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buffer)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(found, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or lsp.code,
    })
  end
  result.diagnostics[file] = found
end
vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv("LSP_TEST_OUTPUT"))
vim.cmd("qall!")
