"""The Python language plugin: ``.py``/``.pyi`` files, decoded as the interpreter decodes
them, syntax-checked with the standard library, built into astroid trees.

Each file is built under its dotted module name, and the folder its top package lives in
is put on ``sys.path`` (as pylint does), so relative imports like
``from ..utils.network import probe_worker`` resolve to the project's own modules, also
when one run checks several projects with a package of the same name (see
:func:`_resolve_imports_from`).
Modules that a checked file imports are built by astroid only when inference reaches
them, and are cached for the whole process.
"""

from __future__ import annotations

import ast
import functools
import io
import os
import sys
import tokenize
import warnings
from pathlib import Path

import astroid
from astroid.builder import AstroidBuilder
from astroid.exceptions import AstroidBuildingError, AstroidError, AstroidSyntaxError

from .failures import ParseFailure
from .languages import Comment, Language
from .suppressions import python_add_suppressions, python_directives


def decode_python(data: bytes) -> str:
    """Decode Python source as the interpreter would (PEP 263 cookie, BOM, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise ParseFailure(f"cannot decode: {error}") from None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        line = data[: getattr(error, "start", 0)].count(b"\n") + 1
        raise ParseFailure(f"cannot decode as {encoding}: {error.reason}", line) from None


def python_encoding(data: bytes) -> str:
    """The codec that wrote ``data`` (its coding cookie; ``utf-8-sig`` with a BOM)."""
    return tokenize.detect_encoding(io.BytesIO(data).readline)[0]


# What CPython's tokenizer and parser say when input reaches one of their fixed nesting
# limits (200 brackets, 100 indentation levels, nested f-strings): a nesting limit, not a
# typo, so it is reported as too deeply nested like the limits met while building the tree.
_NESTING_LIMIT_MESSAGES = ("too many nested", "too many levels of indentation",
                           "nested too deeply")


def syntax_error(path: str, text: str) -> ParseFailure | None:
    """Compile with the stdlib (cheap), so that every syntax error is reported.

    Compiling, not only parsing: errors of the compiler (``'await' outside function``, a
    duplicate argument) are Python refusing the file too, and compiling the text is no
    slower than ``ast.parse`` (no Python tree is built).  The compiler's warnings (``x is
    1``) are not the linter's to print.  Input nested deeper than Python can parse is a
    failure too: the parser's own limits, its stack (MemoryError) and the compiler's guard
    (RecursionError, sound because the deep-stack thread's recursion limit fits its stack,
    see :mod:`.deep_stack`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        line, column = error.lineno or 1, (error.offset or 1) - 1
        if any(limit in error.msg for limit in _NESTING_LIMIT_MESSAGES):
            return ParseFailure(f"too deeply nested to parse: {error.msg}", line, column)
        return ParseFailure(f"syntax error: {error.msg}", line, column)
    except (RecursionError, MemoryError):
        return ParseFailure("too deeply nested to parse")
    except ValueError as error:  # e.g. source code string cannot contain null bytes
        return ParseFailure(f"cannot parse: {error}")
    return None


def module_name_for(path: str) -> tuple[str, str]:
    """The dotted module name of a Python file and the folder it is importable from.

    Walks up through folders holding ``__init__.py`` so that ``from ..utils import x``
    in ``pkg/api/routes.py`` resolves to ``pkg.utils``.
    """
    absolute = Path(path).resolve()
    parts = [] if absolute.stem == "__init__" else [absolute.stem]
    directory = absolute.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    return ".".join(parts) or absolute.stem, str(directory)


# The folders the checked files' top packages live in that this process put on sys.path,
# and the one imports now resolve from first.
_ADDED_ROOTS: list[str] = []
_ACTIVE_ROOT: list[str | None] = [None]


def _provides(root: str, name: str) -> bool:
    """Whether importing ``name`` from ``root`` finds a module or package there."""
    return _provides_top(root, name.split(".")[0])


@functools.lru_cache(maxsize=None)  # (root, top-level name) pairs: few
def _provides_top(root: str, top: str) -> bool:
    base = os.path.join(root, top)
    return os.path.isfile(base + ".py") or os.path.isfile(os.path.join(base, "__init__.py"))


def _resolve_imports_from(root: str) -> None:
    """Make imports resolve from ``root`` (put on sys.path as pylint does, after the
    installed packages) before the other checked projects' roots.

    One run may check several projects with a package of the same name (a
    ``distributed`` package in each): astroid keeps modules by dotted name and searches
    sys.path in order, so when the run moves on to another project's files, the modules
    and lookups astroid holds for the names this root provides, found in another checked
    project, are forgotten, and this root goes first among the checked projects'."""
    if _ACTIVE_ROOT[0] == root:
        return
    if root in _ADDED_ROOTS or root not in sys.path:
        if root in sys.path:
            sys.path.remove(root)
        positions = [sys.path.index(other) for other in _ADDED_ROOTS
                     if other != root and other in sys.path]
        sys.path.insert(min(positions) if positions else len(sys.path), root)
        if root not in _ADDED_ROOTS:
            _ADDED_ROOTS.append(root)
    previous, _ACTIVE_ROOT[0] = _ACTIVE_ROOT[0], root
    if previous is None:
        return
    others = tuple(other + os.sep for other in _ADDED_ROOTS if other != root)
    inside = root + os.sep
    manager = astroid.MANAGER
    for name, module in list(manager.astroid_cache.items()):
        found = os.path.abspath(module.file) if module.file else ""
        if found.startswith(others) and not found.startswith(inside) \
                and _provides(root, name):
            del manager.astroid_cache[name]
    lookups = manager._mod_file_cache  # astroid's memo of where a dotted name is found
    for key in [key for key in lookups if _provides(root, key[0])]:
        del lookups[key]


def _built_from(module, text: str) -> bool:
    """Whether astroid built ``module`` from ``text`` (from the buffer we gave it, or, when
    inference built it, from the file on disk)."""
    if module.file_bytes is not None:
        built = module.file_bytes
        return built == text if isinstance(built, str) else built == text.encode(
            "utf-8", "surrogatepass")
    try:
        with open(module.file, "rb") as handle:
            return decode_python(handle.read()) == text
    except (OSError, ParseFailure):
        return False


def _claim_shadowed_name(manager, modname: str, absolute: str) -> None:
    """Have astroid cache the module that importing ``modname`` really finds, when that is
    another file than the one being checked (a copy of an installed package, a file named
    like a standard-library module).

    astroid caches the first module built under a name and never replaces it.  Were the
    checked copy cached first, every import of the name from within the real module
    (its own ``delayed_assattr`` inference, say) would rebuild the real module from
    disk, again and again, until the recursion limit: minutes on a copy of ``curses`` or
    ``_pytest``.  With the real module cached first, the copy is built but not cached,
    which is also what an import of the name finds."""
    try:
        found = manager.file_from_module_name(modname, None).location
    except (AstroidError, ImportError, SyntaxError, ValueError):
        return
    if not found or os.path.realpath(found) == os.path.realpath(absolute):
        return
    try:
        manager.ast_from_module_name(modname)
    except (AstroidError, ImportError, SyntaxError, ValueError, RecursionError):
        pass  # the real module cannot be built either: nothing to protect


def build_module(path: str, text: str):
    """The astroid module for a file, reusing astroid's cache when it already built it."""
    absolute = str(Path(path).absolute())
    modname, root = module_name_for(absolute)
    _resolve_imports_from(root)
    manager = astroid.MANAGER
    cached = manager.astroid_cache.get(modname)
    if cached is not None and cached.file == absolute:
        if _built_from(cached, text):
            return cached
        # The file's text changed since (an editor's buffer): astroid caches the first
        # module of a name only, so the stale one goes, for this build and for inference.
        del manager.astroid_cache[modname]
    if modname not in manager.astroid_cache:
        _claim_shadowed_name(manager, modname, absolute)
    try:
        return AstroidBuilder(manager).string_build(text, modname, absolute)
    except AstroidSyntaxError as error:
        cause = error.error
        line = getattr(cause, "lineno", 1) or 1
        column = (getattr(cause, "offset", 1) or 1) - 1
        raise ParseFailure(f"syntax error: {getattr(cause, 'msg', cause)}", line, column) from None
    except (RecursionError, MemoryError):
        raise ParseFailure("too deeply nested to analyse") from None
    except AstroidBuildingError as error:
        raise ParseFailure(f"cannot build syntax tree: {error}") from None


def astroid_cached_lines() -> int:
    """Lines of the modules in astroid's cache (its memory grows with them)."""
    return sum(module.tolineno or 0 for module in list(astroid.MANAGER.astroid_cache.values()))


def forget_astroid_module(module) -> None:
    """Take a checked file's module out of astroid's cache once the file is done with: the
    cache then grows only with the modules inference imports (shared by many files), and
    reaches the budget later.  A file that another one imports is rebuilt from disk then.
    (Measured on 700 stdlib files in one process: 13 cache drops instead of 21, 56 s
    instead of 72.)"""
    cache = astroid.MANAGER.astroid_cache
    if cache.get(module.name) is module:
        del cache[module.name]


def clear_astroid_caches() -> None:
    """Forget every module astroid built (the checked files and what inference imported)
    and its inference caches; astroid rebuilds a module when it is next needed."""
    astroid.MANAGER.clear_cache()


def python_comments(path: str, text: str, tree=None) -> list[Comment]:
    """Every ``#`` comment, from the tokenizer (a ``#`` inside a string is no comment)."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                found.append(Comment(token.start[0], token.start[0], token.string[1:],
                                     token.start[1]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # Broken source has no findings besides INV000 anyway; fall back to text.
        found = [Comment(number, number, line[line.index("#") + 1:], line.index("#"))
                 for number, line in enumerate(text.splitlines(), 1) if "#" in line]
    return found


_DEFINITION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def python_definitions(source) -> list[tuple[int, int, str]]:
    """Functions and classes of a file as (first line, last line, qualified name), from
    the standard library's parser (cheap, and the same whether or not astroid built the
    file); none for a file Python cannot parse."""
    try:
        module = ast.parse(source.text or "")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found = []
    stack = [(node, "") for node in reversed(module.body)]
    while stack:
        node, prefix = stack.pop()
        if isinstance(node, _DEFINITION_TYPES):
            name = f"{prefix}{node.name}"
            found.append((node.lineno, node.end_lineno or node.lineno, name))
            prefix = name + "."
        stack.extend((child, prefix) for child in reversed(list(ast.iter_child_nodes(node))))
    return found


LANGUAGE = Language(
    name="python",
    suffixes=(".py", ".pyi"),
    decode=decode_python,
    parse=build_module,
    comments=python_comments,
    suppressions=python_directives,
    syntax_error=syntax_error,
    cached_lines=astroid_cached_lines,
    clear_caches=clear_astroid_caches,
    forget_tree=forget_astroid_module,
    definitions=python_definitions,
    columns_in_utf8=True,
    encoding_of=python_encoding,
    add_suppressions=python_add_suppressions,
)
