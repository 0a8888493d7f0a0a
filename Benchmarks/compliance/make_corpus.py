#!/usr/bin/env python3
"""Writes the compliance benchmark's lexicon and messages, so the Swift guard and the Python matchers read the same bytes.

  make_corpus.py OUT_DIR [TERMS]   → OUT_DIR/terms.txt (TERMS lines, default 5000), OUT_DIR/messages.txt (20,000 lines)

Terms come from ../shared/data/lexicons/houbb-sensitive-word (Apache-2.0) when it is beside the repository, else they
are generated. Messages are real-length chat messages (10–200 characters): Chinese shop talk and English support
utterances (../shared/data/utterances/bitext, CDLA-Sharing-1.0, when present), a tenth of them carrying a term.
"""
import csv, os, random, sys

out, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5000
here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.normpath(os.path.join(here, "../../../shared/data"))
random.seed(20261122)

def clean(word):
    return "".join(ch for ch in word.strip() if ch.isprintable() and not ch.isspace())

terms = []
dictionary = os.path.join(shared, "lexicons/houbb-sensitive-word/v0.26-main-dict/sensitive_word_dict.txt")
if os.path.exists(dictionary):
    with open(dictionary, encoding="utf-8", errors="ignore") as f:
        words = [clean(w) for w in f]
    words = sorted({w for w in words if 2 <= len(w) <= 12})
    terms = words if count >= len(words) else random.sample(words, count)
else:
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
    while len(terms) < count:
        terms.append("".join(random.choice(alphabet) for _ in range(random.randint(2, 5))))
    terms = list(dict.fromkeys(terms))

chinese = [
    "亲，您好，请问有什么可以帮您？", "您的订单已经发货了，请注意查收。", "这款是现货，今天下午四点前拍下当天发出。", "不好意思让您久等了，我马上帮您查一下物流。",
    "收到商品如果有破损，请拍照给我们。", "这款尺码偏小，建议您拍大一码。", "退款申请已经同意了，款项会原路退回。", "快递显示明天派送，请保持电话畅通。",
    "赠品会随商品一起发出。", "您可以在订单页面申请售后，我们会尽快审核。", "非常抱歉给您带来不便，我们已经补发了。", "发票可以在订单详情页申请开具。",
    "商品签收后七天内都可以无理由退货。", "您的地址已经修改好了，请再核对一下。", "这个价格已经是活动价了。", "请问您是需要换货还是退款呢？",
]
english = ["Hi, thanks for reaching out. Your order shipped today.", "I'm sorry the item arrived damaged; a refund is on its way.",
           "You can track your package from the order page.", "Could you send a photo of the label so we can check the size?"]
bitext = os.path.join(shared, "utterances/bitext/bitext_customer_support_20k_utterances.csv")
if os.path.exists(bitext):
    with open(bitext, encoding="utf-8-sig") as f:
        english = [row["utterance"] for row in csv.DictReader(f) if 10 <= len(row.get("utterance", "")) <= 200] or english

messages = []
for index in range(20000):
    pool = chinese if index % 2 == 0 else english
    text = random.choice(pool)
    target = random.randint(10, 200)
    while len(text) < target:
        text += " " + random.choice(pool) if pool is english else random.choice(pool)
    text = text[:target]
    if index % 10 == 0:
        cut = random.randint(0, len(text))
        text = text[:cut] + random.choice(terms) + text[cut:]
    messages.append(text.replace("\n", " "))

os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "terms.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(terms) + "\n")
with open(os.path.join(out, "messages.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(messages) + "\n")
total = sum(len(m.encode("utf-8")) for m in messages)
print(f"{len(terms)} terms, {len(messages)} messages, {total / len(messages):.0f} bytes per message on average", file=sys.stderr)
