"""Writes the hostile corpus in this folder (ideas/, teams/, offices/). The files are committed; run
this only to add a case (`python tests/hostile/make_corpus.py`), then add the file to expected.yaml
with the problems it must give, each line number checked against the file by hand."""
import codecs, shutil
from pathlib import Path

OUT = Path(__file__).resolve().parent
for kind in ("ideas", "teams", "offices"):
    shutil.rmtree(OUT / kind, ignore_errors=True)
    (OUT / kind).mkdir(parents=True)

MINI = """---
title: {bn: "অনলাইন ছুটি", en: "Online leave"}
summary: জেলা পরিষদের প্রশাসকদের ছুটি অনলাইনে অনুমোদন।
kind: digitisation
status: implemented
office: lgd
dates:
  started: 2016-02-01
  implemented: 2016-12-15
service:
  link: https://leave.lgd.gov.bd
  running: yes
---
ছুটি এখন অনলাইনে।
"""
FRONT = MINI.split("---\n")[1]


def w(name, data):
    path = OUT / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def r(old, new, text=MINI):
    assert old in text, old
    return text.replace(old, new, 1)


lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i in range(1, 10):
    prev, cur = chr(96 + i), chr(97 + i)
    lol.append(f"{cur}: &{cur} [" + ",".join(["*" + prev] * 9) + "]")
w("ideas/billion-laughs.md", "---\n" + "\n".join(lol) + "\n---\n")
merge = ["x0: &x0 {a: 1, b: 2}"] + [f"x{i}: &x{i} {{<<: [*x{i-1}, *x{i-1}], k{i}: {i}}}" for i in range(1, 30)]
w("ideas/billion-laughs-merge.yaml", "\n".join(merge) + "\n")
w("ideas/recursive-alias.md", "---\ntitle: &t [x, *t]\n---\n")
w("ideas/deep-lists.md", "---\ntitle: " + "[" * 10000 + "]" * 10000 + "\n---\n")
w("ideas/deep-maps.md", "---\ntitle: " + "{a: " * 10000 + "1" + "}" * 10000 + "\n---\n")
w("offices/deep-block.yaml", "".join("  " * i + "a:\n" for i in range(60)) + "  " * 60 + "b: 1\n")
w("ideas/unclosed-brackets.md", "---\ntitle: " + "[" * 60000 + "\n---\n")
w("ideas/duplicate-keys.md", r("  running: yes\n", "  running: yes\n  running: no\n", r("office: lgd\n", "office: lgd\noffice: mopa\n")))
w("ideas/tabs.md", r("  started:", "\tstarted:"))
w("ideas/crlf.md", MINI.replace("\n", "\r\n"))
w("ideas/cr-only.md", MINI.replace("\n", "\r"))
w("ideas/bom.md", codecs.BOM_UTF8 + MINI.encode())
w("teams/bom-twice.md", codecs.BOM_UTF8 + codecs.BOM_UTF8 + b"---\nname: x\n---\n")
w("ideas/bom-inside.md", r("kind:", "\ufeffkind:"))
w("ideas/invalid-utf8.md", r("dates:", "dates: \udcff").encode("utf-8", "surrogateescape"))
w("ideas/truncated-utf8.md", MINI.encode()[:-3])
w("ideas/utf16.md", MINI.encode("utf-16"))
w("offices/latin1.yaml", "name: Café\nkind: other\n".encode("latin-1"))
w("ideas/nul-byte.md", r("ছুটি এখন", "ছুটি\x00এখন"))
w("ideas/nul-escape.md", r('en: "Online leave"', 'en: "Online\\0leave"'))
w("ideas/bell-in-body.md", r("ছুটি এখন", "ছুটি\x07এখন"))
w("ideas/bidi-override.md", r("অনলাইন ছুটি", "\u202eতুছু নইলনঅ\u202c"))
w("ideas/bidi-escape.md", r('en: "Online leave"', 'en: "evil\\u2066 leave"'))
w("ideas/zero-width-key.md", r("title:", "ti\u200btle:"))
w("ideas/zero-width-title.md", r('{bn: "অনলাইন ছুটি"', '{bn: "\u200b\u200c\u200d\u2060"'))
w("ideas/zero-width-in-text.md", r("অনলাইন ছুটি", "অন\u200cলাইন\u200b ছুটি"))
w("ideas/mixed-script-key.md", r("office: lgd", "\u043effice: lgd"))
w("ideas/mixed-script-value.md", r("kind: digitisation", "kind: digitis\u0430tion"))
w("ideas/mixed-script-text.md", r('en: "Online leave"', 'en: "Online leave · ছুটি · إجازة · 休暇 · 🏖️ · Z̴̡a̷l̶g̸o̵"'))
w("ideas/decomposed-text.md", r("অনলাইন ছুটি", "মে\u09be\u09bfাঃ"))
w("ideas/bengali-digits.md", r("started: 2016-02-01", "started: ২০১৬-০২-০১", r("implemented: 2016-12-15", "implemented: ২০২২-০৮-২৮"))
  .replace("  running: yes\n", "  running: হ্যাঁ\nimpact:\n  cost: {before: '১,৫০০', after: '০'}\n  visits: {before: ৩, after: ১}\n"
           "awards:\n  - {name: জনপ্রশাসন পদক, level: national, year: ২০১৭, rank: ১}\n"))
w("ideas/impossible-dates.md", r("started: 2016-02-01", "started: 2023-02-30", r("implemented: 2016-12-15", "implemented: ২০২৩-১৩-০১")))
w("ideas/impossible-datetime.md", r("started: 2016-02-01", "started: 2023-02-29 25:61:00"))
w("ideas/huge-int.md", r("running: yes", "running: yes\nawards:\n  - {name: x, level: national, year: " + "9" * 5000 + "}"))
w("ideas/huge-float.md", r("running: yes", "running: yes\nimpact:\n  cost: {before: 1.0e999, after: .nan}"))
w("ideas/python-tag.md", r("kind: digitisation", "kind: !!python/object/apply:os.system ['echo pwned']"))
w("ideas/unknown-tag.md", r("kind: digitisation", "kind: !include other.yaml"))
w("ideas/binary-tag.md", r('summary: জেলা পরিষদের প্রশাসকদের ছুটি অনলাইনে অনুমোদন।', "summary: !!binary 4KaV4KaV"))
w("offices/multi-document.yaml", "name: x\nkind: other\n---\nname: y\nkind: other\n")
w("ideas/no-closing-fence.md", MINI.replace("---\nছুটি এখন অনলাইনে।\n", ""))
w("ideas/complex-key.md", r("kind:", "? [a, b]\n: c\nkind:"))
w("ideas/yaml-words-as-keys.md", r("kind:", "yes: 1\nnull: 2\n~: 3\n1: 4\nkind:"))
w("ideas/line-separator.md", r("kind:", "# a comment\u2028with a line separator\nkind:", r("office: lgd", "office: lgdd")))
w("ideas/surrogate-escape.md", r('en: "Online leave"', 'en: "\\ud800"'))
w("ideas/only-fences.md", "---\n---\n")
w("ideas/whitespace-only.md", "  \n\t\n   \n")
w("offices/scalar-document.yaml", "just some text\n")
w("teams/list-document.md", "---\n- name: x\n- level: ministry\n---\n")
w("ideas/yaml-directive.md", "---\n%YAML 1.1\n---\n" + FRONT + "---\n")
w("ideas/javascript-links.md", r("link: https://leave.lgd.gov.bd", "link: javascript:alert(document.cookie)")
  .replace("  running: yes\n", "  running: yes\nlinks:\n  - {title: x, url: 'data:text/html;base64,PHNjcmlwdD4='}\n  - {title: y, url: 'ftp://lgd.gov.bd/a'}\n"))
w("ideas/html-in-text.md", r('en: "Online leave"', 'en: "<script>alert(1)</script><img src=x onerror=alert(1)>"'))
w("ideas/phone-numbers.md", r("ছুটি এখন অনলাইনে।", "ফোন: ০১৭১১-২৬৬০৮৫\n\nCall +880 1911 266 085.", r('en: "Online leave"', 'en: "Online leave, 01711266085"')))
w("ideas/email-addresses.md", r('en: "Online leave"', 'en: "Online leave (zahid.lgd@gmail.com)"'))
w("ideas/personal-numbers.md", r("ছুটি এখন অনলাইনে।", "যোগাযোগ: (০১৮) ১২৩৪ ৫৬৭৮\n\nNID 1990 1234 5678 90123\n\nrahim@yahoo.co.in",
                                 r("  running: yes\n", "  running: yes\n  remarks: 01812345678\n")))
w("ideas/অনলাইন-ছুটি.md", MINI)
w("ideas/UPPER-case.md", MINI)
w("ideas/.hidden.md", "---\n: this file is hidden and never read\n")
w("ideas/..md", MINI)  # hidden, and named as content: reported, not dropped unsaid
w("offices/.lgd-copy.yaml", "name: {bn: দপ্তর, en: Office}\nkind: division\n")
w("ideas/online-leave.en.en.md", "The English text, named twice.\n")
w("ideas/empty-values.md", r("kind: digitisation", "kind:").replace('{bn: "অনলাইন ছুটি", en: "Online leave"}', '{bn: "", en: ""}'))
w("ideas/wrong-types.md", "---\ntitle: [1, 2]\nsummary: {bn: {x: 1}}\nkind: 3\nstatus: true\noffice: 1.5\ndates: 2020-01-01\nservice: [running]\nsectors: ict\nawards: {name: x}\n---\n")
