-- invariant-lint's language server for Python and JavaScript buffers (Neovim 0.7 and later).
local invariant_lint = nil
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "python", "javascript" },
  callback = function(args)
    if invariant_lint == nil then
      invariant_lint = vim.lsp.start_client({
        name = "invariant-lint",
        cmd = { "invariant-lint", "lsp" },
        root_dir = vim.fn.getcwd(),
      })
    end
    vim.lsp.buf_attach_client(args.buf, invariant_lint)
  end,
})
