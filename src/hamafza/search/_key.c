/* The Persian search key in C: the same function as normalize.py's pure-Python pipeline
 * (fold -> split -> affix joining -> stop words -> stems), about ten times faster.
 *
 * Why hand-written: building the index at 5,000 stories/s on two cores leaves ~200 us of CPU
 * per story for everything; the Python pipeline (already built from str/regex calls that run
 * in C) measured 130-270 us per story for keying alone. No library does this folding (see
 * issue 4's note), so this module repeats normalize.py's rules in one pass over the text.
 *
 * It holds no rules of its own: normalize.py passes every table in `setup` (the character
 * map built from `_replacement`, the affixes, the stop words, the stem suffixes), so the two
 * cannot drift apart, and tests compare both on generated text (test_key_compiled.py).
 *
 * Text it does not handle returns None and normalize.py takes the Python path: characters
 * outside the BMP, and text that is not NFKC-normalized once folded (presentation forms).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define KEEP (-1)
#define TABLE_SIZE 65536

typedef struct {
    Py_UCS4 *chars;
    Py_ssize_t len;
} Word;

typedef struct {
    Word *items;
    Py_ssize_t count;
} WordList;

static int32_t fold_map[TABLE_SIZE];   /* KEEP, or an offset into repl_pool */
static uint8_t fold_len[TABLE_SIZE];   /* length of the replacement */
static Py_UCS4 *repl_pool = NULL;
static Py_ssize_t max_repl = 1;
static WordList stopwords, prefixes, suffixes, stem_suffixes;
static Py_ssize_t stem_lengths[16];
static int stem_length_count = 0;
static Py_ssize_t min_stem = 3, max_word = 64;
static PyObject *is_normalized = NULL; /* functools.partial(unicodedata.is_normalized, "NFKC") */
static int ready = 0;

static int
words_from(PyObject *seq, WordList *out)
{
    PyObject *fast = PySequence_Fast(seq, "a sequence of str is required");
    if (fast == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    out->items = PyMem_Calloc(n ? n : 1, sizeof(Word));
    out->count = n;
    if (out->items == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PySequence_Fast_GET_ITEM(fast, i);
        if (!PyUnicode_Check(s)) {
            Py_DECREF(fast);
            PyErr_SetString(PyExc_TypeError, "words must be str");
            return -1;
        }
        out->items[i].chars = PyUnicode_AsUCS4Copy(s);
        if (out->items[i].chars == NULL) {
            Py_DECREF(fast);
            return -1;
        }
        out->items[i].len = PyUnicode_GET_LENGTH(s);
    }
    Py_DECREF(fast);
    return 0;
}

static inline int
word_in(const Py_UCS4 *chars, Py_ssize_t len, const WordList *list)
{
    for (Py_ssize_t i = 0; i < list->count; i++) {
        const Word *w = &list->items[i];
        if (w->len == len && w->chars[0] == chars[0]
            && memcmp(w->chars, chars, (size_t)len * sizeof(Py_UCS4)) == 0)
            return 1;
    }
    return 0;
}

/* setup(table, stopwords, prefixes, suffixes, stem_suffixes, min_stem, max_word, is_normalized)
 * table: a sequence of 65,536 items, None (the character stays) or its replacement str. */
static PyObject *
key_setup(PyObject *self, PyObject *args)
{
    PyObject *table, *stops, *pre, *suf, *stem_suf, *normalized;
    Py_ssize_t min_stem_arg, max_word_arg;
    if (!PyArg_ParseTuple(args, "OOOOOnnO", &table, &stops, &pre, &suf, &stem_suf,
                          &min_stem_arg, &max_word_arg, &normalized))
        return NULL;
    if (ready) {
        PyErr_SetString(PyExc_RuntimeError, "setup runs once");
        return NULL;
    }
    PyObject *fast = PySequence_Fast(table, "table must be a sequence");
    if (fast == NULL)
        return NULL;
    if (PySequence_Fast_GET_SIZE(fast) != TABLE_SIZE) {
        Py_DECREF(fast);
        PyErr_SetString(PyExc_ValueError, "table must have 65536 items");
        return NULL;
    }
    Py_ssize_t pool_size = 0;
    for (Py_ssize_t i = 0; i < TABLE_SIZE; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        if (item != Py_None) {
            if (!PyUnicode_Check(item) || PyUnicode_GET_LENGTH(item) > 255) {
                Py_DECREF(fast);
                PyErr_SetString(PyExc_TypeError, "replacements must be short str");
                return NULL;
            }
            pool_size += PyUnicode_GET_LENGTH(item);
        }
    }
    repl_pool = PyMem_Malloc((pool_size ? pool_size : 1) * sizeof(Py_UCS4));
    if (repl_pool == NULL) {
        Py_DECREF(fast);
        return PyErr_NoMemory();
    }
    Py_ssize_t offset = 0;
    for (Py_ssize_t i = 0; i < TABLE_SIZE; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        if (item == Py_None) {
            fold_map[i] = KEEP;
            fold_len[i] = 1;
            continue;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(item);
        for (Py_ssize_t j = 0; j < n; j++)
            repl_pool[offset + j] = PyUnicode_READ_CHAR(item, j);
        fold_map[i] = (int32_t)offset;
        fold_len[i] = (uint8_t)n;
        if (n > max_repl)
            max_repl = n;
        offset += n;
    }
    Py_DECREF(fast);
    if (words_from(stops, &stopwords) || words_from(pre, &prefixes)
        || words_from(suf, &suffixes) || words_from(stem_suf, &stem_suffixes))
        return NULL;
    /* Distinct stem-suffix lengths, longest first (normalize._STEM_LENGTHS). */
    for (Py_ssize_t i = 0; i < stem_suffixes.count; i++) {
        Py_ssize_t len = stem_suffixes.items[i].len, k;
        for (k = 0; k < stem_length_count && stem_lengths[k] != len; k++)
            ;
        if (k == stem_length_count && stem_length_count < 16)
            stem_lengths[stem_length_count++] = len;
    }
    for (int a = 0; a < stem_length_count; a++)
        for (int b = a + 1; b < stem_length_count; b++)
            if (stem_lengths[b] > stem_lengths[a]) {
                Py_ssize_t t = stem_lengths[a];
                stem_lengths[a] = stem_lengths[b];
                stem_lengths[b] = t;
            }
    min_stem = min_stem_arg;
    max_word = max_word_arg;
    Py_INCREF(normalized);
    is_normalized = normalized;
    ready = 1;
    Py_RETURN_NONE;
}

/* Words of the text, each as (start, length) into one buffer. */
typedef struct {
    Py_UCS4 *buf;
    Py_ssize_t *start;
    Py_ssize_t *len;
    Py_ssize_t count;
} Tokens;

static void
tokens_free(Tokens *t)
{
    PyMem_Free(t->buf);
    PyMem_Free(t->start);
    PyMem_Free(t->len);
    t->buf = NULL;
    t->start = t->len = NULL;
}

static int
tokens_alloc(Tokens *t, Py_ssize_t chars, Py_ssize_t words)
{
    t->buf = PyMem_Malloc((chars ? chars : 1) * sizeof(Py_UCS4));
    t->start = PyMem_Malloc((words ? words : 1) * sizeof(Py_ssize_t));
    t->len = PyMem_Malloc((words ? words : 1) * sizeof(Py_ssize_t));
    t->count = 0;
    if (t->buf == NULL || t->start == NULL || t->len == NULL) {
        tokens_free(t);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* _clean: fold every character, split on spaces, cut words at max_word.
 * Returns 1 done, 0 not handled here (None to the caller), -1 error. */
static int
clean(PyObject *text, Tokens *out)
{
    int kind = PyUnicode_KIND(text);
    if (kind == PyUnicode_4BYTE_KIND)
        return 0;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t cap = n * max_repl + 1;
    Py_UCS4 *folded = PyMem_Malloc(cap * sizeof(Py_UCS4));
    if (folded == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int32_t at = fold_map[c];
        if (at == KEEP) {
            folded[m++] = c;
        }
        else {
            for (int j = 0; j < fold_len[c]; j++)
                folded[m++] = repl_pool[at + j];
        }
    }
    /* Text that NFKC would change (presentation forms …) takes the Python path. */
    PyObject *as_str = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, folded, m);
    if (as_str == NULL) {
        PyMem_Free(folded);
        return -1;
    }
    PyObject *ok = PyObject_CallOneArg(is_normalized, as_str);
    Py_DECREF(as_str);
    if (ok == NULL) {
        PyMem_Free(folded);
        return -1;
    }
    int normalized = PyObject_IsTrue(ok);
    Py_DECREF(ok);
    if (normalized != 1) {
        PyMem_Free(folded);
        return normalized < 0 ? -1 : 0;
    }
    if (tokens_alloc(out, m, m / 2 + 1) < 0) {
        PyMem_Free(folded);
        return -1;
    }
    /* After folding, " " is the only whitespace left: every other kind became a space. */
    Py_ssize_t w = 0, i = 0;
    while (i < m) {
        while (i < m && folded[i] == ' ')
            i++;
        if (i >= m)
            break;
        Py_ssize_t s = i;
        while (i < m && folded[i] != ' ')
            i++;
        Py_ssize_t len = i - s;
        if (len > max_word)
            len = max_word;
        out->start[out->count] = w;
        out->len[out->count] = len;
        memcpy(out->buf + w, folded + s, (size_t)len * sizeof(Py_UCS4));
        w += len;
        out->count++;
    }
    PyMem_Free(folded);
    return 1;
}

/* Glue words into groups: glue[k] says word k joins the next one with no space. */
static int
glue_words(const Tokens *in, const char *glue, Tokens *out)
{
    Py_ssize_t total = 0;
    for (Py_ssize_t k = 0; k < in->count; k++)
        total += in->len[k];
    if (tokens_alloc(out, total, in->count) < 0)
        return -1;
    Py_ssize_t w = 0;
    int open = 0;
    for (Py_ssize_t k = 0; k < in->count; k++) {
        if (!open) {
            out->start[out->count] = w;
            out->len[out->count] = 0;
            out->count++;
        }
        memcpy(out->buf + w, in->buf + in->start[k], (size_t)in->len[k] * sizeof(Py_UCS4));
        w += in->len[k];
        out->len[out->count - 1] += in->len[k];
        open = glue[k];
    }
    return 0;
}

static PyObject *
span_str(const Tokens *t, Py_ssize_t k)
{
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, t->buf + t->start[k], t->len[k]);
}

/* Add a stem (dict.fromkeys order; stop words are left out, as normalize.index_parts does). */
static int
add_stem(PyObject *stems, const Py_UCS4 *chars, Py_ssize_t len)
{
    if (len == 0 || word_in(chars, len, &stopwords))
        return 0;
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, len);
    if (s == NULL)
        return -1;
    PyObject *r = PyDict_SetDefault(stems, s, Py_None); /* borrowed */
    Py_DECREF(s);
    return r == NULL ? -1 : 0;
}

/* The pipeline after cleaning; stems may be NULL (a query's key). Returns the key. */
static PyObject *
key_of(const Tokens *cleaned, PyObject *stems)
{
    PyObject *result = NULL;
    Tokens joined = {0}, final = {0};
    char *glue = PyMem_Calloc(cleaned->count + 1, 1);
    Py_UCS4 *key = NULL;
    if (glue == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    /* Prefixes (_join's first regex): a word that is a prefix joins the word after it. */
    for (Py_ssize_t k = 0; k + 1 < cleaned->count; k++) {
        if (word_in(cleaned->buf + cleaned->start[k], cleaned->len[k], &prefixes)) {
            glue[k] = 1;
            if (stems && add_stem(stems, cleaned->buf + cleaned->start[k + 1],
                                  cleaned->len[k + 1]) < 0)
                goto done;
        }
    }
    if (glue_words(cleaned, glue, &joined) < 0)
        goto done;
    /* Suffixes (the second regex, over the prefix-joined words): a word that is a suffix
     * joins the word before it. */
    memset(glue, 0, cleaned->count + 1);
    for (Py_ssize_t k = 1; k < joined.count; k++) {
        if (word_in(joined.buf + joined.start[k], joined.len[k], &suffixes)) {
            glue[k - 1] = 1;
            if (stems && add_stem(stems, joined.buf + joined.start[k - 1],
                                  joined.len[k - 1]) < 0)
                goto done;
        }
    }
    if (glue_words(&joined, glue, &final) < 0)
        goto done;
    /* Stop words out; the key's words joined by single spaces. */
    Py_ssize_t total = 0;
    for (Py_ssize_t k = 0; k < final.count; k++)
        total += final.len[k] + 1;
    key = PyMem_Malloc((total ? total : 1) * sizeof(Py_UCS4));
    if (key == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t w = 0;
    for (Py_ssize_t k = 0; k < final.count; k++) {
        const Py_UCS4 *word = final.buf + final.start[k];
        Py_ssize_t len = final.len[k];
        if (word_in(word, len, &stopwords))
            continue;
        if (w)
            key[w++] = ' ';
        memcpy(key + w, word, (size_t)len * sizeof(Py_UCS4));
        w += len;
        if (stems == NULL)
            continue;
        /* _inflection_stems: the word less its longest inflectional suffix, if at least
         * min_stem letters remain; the first suffix length that matches decides. */
        for (int a = 0; a < stem_length_count; a++) {
            Py_ssize_t sl = stem_lengths[a] < len ? stem_lengths[a] : len;
            if (word_in(word + len - sl, sl, &stem_suffixes)) {
                if (len - stem_lengths[a] >= min_stem
                    && add_stem(stems, word, len - stem_lengths[a]) < 0)
                    goto done;
                break;
            }
        }
    }
    result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, key, w);
done:
    PyMem_Free(glue);
    PyMem_Free(key);
    tokens_free(&joined);
    tokens_free(&final);
    return result;
}

static int
check_ready(PyObject *text)
{
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "setup has not run");
        return -1;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return -1;
    }
    return 0;
}

/* key(text) -> str | None: normalize.search_key's pipeline. */
static PyObject *
key_key(PyObject *self, PyObject *text)
{
    if (check_ready(text) < 0)
        return NULL;
    Tokens cleaned = {0};
    int r = clean(text, &cleaned);
    if (r <= 0)
        return r < 0 ? NULL : Py_NewRef(Py_None);
    PyObject *key = key_of(&cleaned, NULL);
    tokens_free(&cleaned);
    return key;
}

/* index_parts(text) -> (key, stems) | None: normalize.index_parts's pipeline. */
static PyObject *
key_index_parts(PyObject *self, PyObject *text)
{
    if (check_ready(text) < 0)
        return NULL;
    Tokens cleaned = {0};
    int r = clean(text, &cleaned);
    if (r <= 0)
        return r < 0 ? NULL : Py_NewRef(Py_None);
    PyObject *result = NULL, *key = NULL, *joined = NULL, *space = NULL, *list = NULL;
    PyObject *stems = PyDict_New();
    if (stems == NULL)
        goto done;
    key = key_of(&cleaned, stems);
    if (key == NULL)
        goto done;
    list = PySequence_List(stems);
    space = PyUnicode_FromString(" ");
    if (list == NULL || space == NULL)
        goto done;
    joined = PyUnicode_Join(space, list);
    if (joined == NULL)
        goto done;
    result = PyTuple_Pack(2, key, joined);
done:
    tokens_free(&cleaned);
    Py_XDECREF(stems);
    Py_XDECREF(key);
    Py_XDECREF(list);
    Py_XDECREF(space);
    Py_XDECREF(joined);
    return result;
}

static PyObject *
key_is_ready(PyObject *self, PyObject *unused)
{
    return PyBool_FromLong(ready);
}

static PyMethodDef key_methods[] = {
    {"is_ready", key_is_ready, METH_NOARGS, "Whether setup has run in this process."},
    {"setup", key_setup, METH_VARARGS, "Take normalize.py's tables (once per process)."},
    {"key", key_key, METH_O, "The search key of a text, or None for the Python path."},
    {"index_parts", key_index_parts, METH_O,
     "(key, stems) of a document's text, or None for the Python path."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef key_module = {
    PyModuleDef_HEAD_INIT, "_key", "The Persian search key, compiled (see normalize.py).", -1,
    key_methods,
};

PyMODINIT_FUNC
PyInit__key(void)
{
    return PyModule_Create(&key_module);
}
