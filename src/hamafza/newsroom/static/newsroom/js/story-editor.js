// The story body editor: django-prose-editor (tiptap) on every textarea carrying
// data-django-prose-editor-hamafza, with the extensions the server configured there.
//
// Our own small preset instead of the package's "configurable" one, for three reasons:
// * tiptap injects a <style> element unless told not to; our CSP allows no inline style, so
//   injectCSS is off and newsroom/css/editor.css carries those rules;
// * a paragraph's direction (dir="ltr" for an English quotation in a Persian story) must
//   survive editing, and a writer needs a button to set it;
// * the editing area follows the story's language: right to left for Persian and Arabic,
//   left to right for English, switching when the language select changes.
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-hamafza";
const DIRECTIONS = ["rtl", "ltr", "auto"];
const translate = typeof window.gettext === "function" ? window.gettext : (text) => text;

function directionAt(editor) {
  const { $from } = editor.state.selection;
  for (let depth = $from.depth; depth > 0; depth -= 1) {
    const dir = $from.node(depth).attrs.dir;
    if (dir) { return dir; }
  }
  return null;
}

// Sets (or, when it is already set, removes) the direction of the selected paragraphs and
// headings; without one they follow the story's language.
function toggleDirection(editor, direction) {
  const { state, view } = editor;
  const value = directionAt(editor) === direction ? null : direction;
  const { from, to } = state.selection;
  const tr = state.tr;
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock && "dir" in node.type.attrs) {
      tr.setNodeAttribute(pos, "dir", value);
    }
  });
  view.dispatch(tr);
  view.focus();
}

const ParagraphDirection = prose.Extension.create({
  name: "paragraphDirection",
  addGlobalAttributes() {
    return [{
      types: ["paragraph", "heading", "blockquote", "listItem", "tableCell", "tableHeader"],
      attributes: {
        dir: {
          default: null,
          parseHTML: (element) => {
            const dir = element.getAttribute("dir");
            return DIRECTIONS.includes(dir) ? dir : null;
          },
          renderHTML: (attributes) => (attributes.dir ? { dir: attributes.dir } : {}),
        },
      },
    }];
  },
  addMenuItems({ menu, buttons }) {
    const items = [
      ["rtl", "format_textdirection_r_to_l", "right to left"],
      ["ltr", "format_textdirection_l_to_r", "left to right"],
    ];
    for (const [direction, icon, title] of items) {
      menu.defineItem({
        name: `direction:${direction}`,
        groups: "direction",
        button: buttons.material(icon, translate(title)),
        command(editor) { toggleDirection(editor, direction); },
        active: (editor) => directionAt(editor) === direction,
      });
    }
  },
});

// The menu's own titles and the block-type list are English words; show them in the page's
// language.
function translateMenu(wrapper) {
  for (const button of wrapper.querySelectorAll(".prose-menubar [title]")) {
    const title = translate(button.getAttribute("title"));
    button.setAttribute("title", title);
    if (button.hasAttribute("aria-label")) { button.setAttribute("aria-label", title); }
  }
  for (const option of wrapper.querySelectorAll(".prose-menubar__option > *")) {
    option.textContent = translate(option.textContent);
  }
}

function followLanguage(textarea, wrapper) {
  const select = document.getElementById(textarea.dataset.directionFrom || "");
  if (!select) { return; }
  select.addEventListener("change", () => {
    wrapper.dir = select.value === "en" ? "ltr" : "rtl";
  });
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) { return null; }
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = [ParagraphDirection];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = prose[name];
    if (extension) {
      extensions.push(typeof options === "object" ? extension.configure(options) : extension);
    }
  }
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = prose.crel("div", { className: `prose-editor${disabled ? " disabled" : ""}` });
  wrapper.dir = textarea.getAttribute("dir") || "rtl";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": textarea.getAttribute("aria-label") || "",
      },
    },
    onCreate() {
      // The menu is built while the editor is created, not when the constructor returns.
      translateMenu(wrapper);
    },
    onUpdate({ editor: current }) {
      const html = current.getHTML();
      // An editor always holds one empty paragraph; an empty body is an empty string.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
  followLanguage(textarea, wrapper);
  textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor }, bubbles: true }));
  return editor;
}

prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`);
