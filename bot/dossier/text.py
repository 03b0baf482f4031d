"""The dossier's own words, zh and en."""

from __future__ import annotations

from dialogs.texts import fill

TEXTS: dict[str, dict[str, str]] = {
    "title": {"zh": "维权案卷 · 案件 #{id}", "en": "Case dossier · case #{id}"},
    "intro": {"zh": "本案卷由 weiquan 根据消费者提供的信息和证据整理，证据按收到的时间排列，"
                    "每项附 sha256 校验值，可用于核对原始文件未被改动。法律规定的适用以主管部门和法院的认定为准。",
              "en": "Compiled by weiquan from the information and evidence the consumer gave. "
                    "Evidence is in the order received; each item's sha256 lets anyone check that "
                    "the original file is unchanged. How the law applies is for the authorities "
                    "and the courts to decide."},
    "footer": {"zh": "案件 #{id} · 第 {page} 页", "en": "Case #{id} · page {page}"},
    "summary": {"zh": "一、案件概要", "en": "1. Summary"},
    "timeline": {"zh": "二、时间线", "en": "2. Timeline"},
    "letter": {"zh": "三、当前步骤的文书：{channel}", "en": "3. Text for the current step: {channel}"},
    "evidence": {"zh": "四、证据（共 {n} 项）", "en": "4. Evidence ({n} {n:|item|items})"},
    "category": {"zh": "问题类型", "en": "Problem"},
    "status": {"zh": "案件状态", "en": "Status"},
    "platform": {"zh": "平台", "en": "Platform"},
    "shop": {"zh": "店铺", "en": "Shop"},
    "order_no": {"zh": "订单编号", "en": "Order number"},
    "item": {"zh": "商品", "en": "Item"},
    "amount": {"zh": "支付金额（元）", "en": "Amount (yuan)"},
    "amount_lost": {"zh": "被骗金额（元）", "en": "Amount lost (yuan)"},
    "demand": {"zh": "诉求", "en": "Demand"},
    "description": {"zh": "问题说明", "en": "The problem"},
    "evidence_count": {"zh": "证据数量", "en": "Evidence items"},
    "evidence_added": {"zh": "收到证据：{name}", "en": "evidence received: {name}"},
    "deadline": {"zh": "期限（{rule}）", "en": "deadline ({rule})"},
    # What the date means, by the rule's result (knowledge/data/deadline_rules.yaml).
    "deadline.buyer_deadline": {"zh": "截止：须在此前{action}（{rule}）",
                                "en": "closes: by then you must {action} ({rule})"},
    "deadline.opens_at": {"zh": "开放：从此时起可以{action}（{rule}）",
                          "en": "opens: from then you can {action} ({rule})"},
    "deadline.seller_deadline": {"zh": "卖家应在此前{action}（{rule}）",
                                 "en": "the seller must {action} by then ({rule})"},
    "deadline.platform_sla": {"zh": "平台应在此前{action}（{rule}）",
                              "en": "the platform should {action} by then ({rule})"},
    "deadline.doubt": {"zh": "（存疑：{doubt}）", "en": " (doubtful: {doubt})"},
    "no_events": {"zh": "暂无记录", "en": "nothing recorded yet"},
    "no_evidence": {"zh": "尚未提交证据。", "en": "No evidence yet."},
    "received": {"zh": "收到时间：{at}", "en": "Received: {at}"},
    "captured": {"zh": "拍摄时间：{at}", "en": "Taken: {at}"},
    "missing": {"zh": "文件缺失", "en": "file missing"},
    "video": {"zh": "视频", "en": "VIDEO"},
    "audio": {"zh": "音频", "en": "AUDIO"},
    "file": {"zh": "文件", "en": "FILE"},
}
STATUSES: dict[str, dict[str, str]] = {
    "draft": {"zh": "草稿", "en": "draft"},
    "negotiating": {"zh": "与商家协商中", "en": "negotiating with the seller"},
    "refused": {"zh": "卖家拒绝或未回应，待向平台升级",
                "en": "the seller refused or did not answer; next, the platform"},
    "complaint": {"zh": "已向平台投诉", "en": "complaint filed with the platform"},
    "intervention": {"zh": "平台介入中", "en": "platform intervention"},
    "appeal": {"zh": "申诉中", "en": "appeal"},
    "outside": {"zh": "平台外渠道处理中", "en": "outside the platform"},
    "resolved": {"zh": "已解决", "en": "resolved"},
    "closed": {"zh": "已结案", "en": "closed"},
    "abandoned": {"zh": "已放弃", "en": "abandoned"},
}


def status_label(status: str, lang: str) -> str:
    names = STATUSES.get(status)
    return names["en" if lang == "en" else "zh"] if names else status


def when(text: object) -> str:
    """An ISO time as 'YYYY-MM-DD HH:MM' (as stored, in its own offset)."""
    return str(text or "-")[:16].replace("T", " ")


def label(key: str, lang: str, **values: object) -> str:
    text = TEXTS[key]["en" if lang == "en" else "zh"]
    return fill(text, **values) if values else text
