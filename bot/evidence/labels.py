"""Evidence labels (the ids behind the label buttons) and a label guessed from a caption."""

from __future__ import annotations

import re

# 订单截图, 商品实物, 包装, 防伪标签/批号, 聊天记录, 物流记录, 质检报告, 商品详情页, 退款/售后记录,
# 转账/支付记录, 评价页, 其他 — the checklists of FACTS.md §6.3 need each of them somewhere.
LABELS = ("order", "product", "packaging", "label_batch", "chat", "logistics", "inspection",
          "listing", "refund", "payment", "review", "other")

# Most specific first: "包装上的批号" is a batch-number photo, "物流截图" a logistics record,
# an order screenshot is the order, and a bare 截图 (screenshot) is most often the chat.
_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("inspection",
     ("质检", "检测", "检验", "鉴定", "报告", "化验", "证书"),
     ("inspection", "report", "lab test", "test result", "appraisal", "authentication",
      "certificate")),
    ("label_batch",
     ("防伪", "批号", "批次", "标签", "生产日期", "条形码", "条码", "二维码", "溯源码", "序列号",
      "合格证", "吊牌", "鞋标"),
     ("anti-counterfeit", "anticounterfeit", "counterfeit label", "batch", "lot number",
      "lot no", "serial", "barcode", "bar code", "qr code", "hologram", "label", "tag",
      "production date")),
    ("logistics",
     ("物流", "快递", "运单", "面单", "签收", "揽收", "派送", "配送", "发货记录", "单号"),
     ("logistics", "tracking", "courier", "delivery", "delivered", "shipping", "shipment",
      "waybill", "parcel")),
    ("chat",
     ("聊天", "对话", "客服", "旺旺", "千牛", "微信", "沟通", "承诺", "通话", "短信"),
     ("chat", "conversation", "message", "messages", "seller said", "customer service",
      "call log", "sms")),
    ("payment", ("转账", "汇款", "扫码付"), ("transfer", "bank transfer", "wire")),
    ("refund", ("退款", "售后", "维权记录", "拒绝退"), ("refund", "after-sales", "return request")),
    ("review", ("评价", "差评", "中评"), ("review", "rating")),
    ("listing", ("详情页", "商品页", "宝贝页", "宣传", "参数"), ("listing", "product page", "description")),
    ("packaging",
     ("包装", "外包装", "盒子", "包装盒", "外箱", "纸箱", "封口", "塑封", "开箱"),
     ("packaging", "package box", "box", "wrapping", "seal", "unboxing")),
    ("product",
     ("实物", "商品", "产品", "细节", "正品", "对比", "瑕疵", "破损", "问题部位", "做工", "照片"),
     ("product", "item", "defect", "damage", "damaged", "broken", "genuine", "comparison",
      "close-up", "closeup")),
    ("order", ("订单", "付款", "支付", "发票"), ("order", "payment", "invoice", "receipt")),
    ("chat", ("截图", "截屏"), ("screenshot", "screen shot")),
)


def _english(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


_COMPILED = tuple((label, zh, _english(en)) for label, zh, en in _RULES)


def suggest_label(caption: str) -> str | None:
    """The label the caption's words point to, or None when they point nowhere."""
    text = (caption or "").lower()
    if not text.strip():
        return None
    for label, zh_words, en_pattern in _COMPILED:
        if any(word in text for word in zh_words) or en_pattern.search(text):
            return label
    return None
