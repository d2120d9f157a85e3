"""The lines of 法释〔2017〕10号 (最高人民法院、最高人民检察院《关于办理侵犯公民个人信息刑事案件
适用法律若干问题的解释》) Art. 5 that a host's counts reach, computed as the sensor scores an alert
(docs/schema.md, "How score is computed"), and the interpretation's own words for them."""
from fractions import Fraction

# Records (条) of each tier that make a leak 情节严重: Art. 5 ¶1 items (三), (四), (五).
THRESHOLD = {"A": 50, "B": 500, "C": 5000}
ITEM_OF_TIER = {"A": "三", "B": "四", "C": "五"}
SPECIALLY_SERIOUS = 10  # Art. 5 ¶2 item (三): ten times the standards of ¶1 items (三) to (八)

ARTICLE_5 = [
    ("第五条第一款", "非法获取、出售或者提供公民个人信息，具有下列情形之一的，应当认定为刑法第二百五十三条之一规定的“情节严重”："),
    ("（三）", "非法获取、出售或者提供行踪轨迹信息、通信内容、征信信息、财产信息五十条以上的；"),
    ("（四）", "非法获取、出售或者提供住宿信息、通信记录、健康生理信息、交易信息等其他可能影响人身、财产安全的公民个人信息五百条以上的；"),
    ("（五）", "非法获取、出售或者提供第三项、第四项规定以外的公民个人信息五千条以上的；"),
    ("（六）", "数量未达到第三项至第五项规定标准，但是按相应比例合计达到有关数量标准的；"),
    ("（八）", "将在履行职责或者提供服务过程中获得的公民个人信息出售或者提供给他人，数量或者数额达到第三项至第七项规定标准一半以上的；"),
    ("第五条第二款", "实施前款规定的行为，具有下列情形之一的，应当认定为刑法第二百五十三条之一第一款规定的“情节特别严重”："),
    ("（三）", "数量或者数额达到前款第三项至第八项规定标准十倍以上的；"),
]


class CategoryCount:
    """One category's values and records over many alerts. Counts scored with the insider doubling
    (Art. 5 item 8) are kept apart from the others, so the score is exact whatever the order."""

    def __init__(self, category, tier):
        self.category, self.tier = category, tier
        self.distinct = {1: 0, 2: 0}  # by weight: 2 for an insider's alerts
        self.records = {1: 0, 2: 0}
        self.tier_records = {w: {t: 0 for t in THRESHOLD} for w in (1, 2)}
        self.alerts = 0
        self.samples = []

    def add(self, alert):
        w = 2 if alert.get("insider") else 1
        self.alerts += 1
        self.distinct[w] += alert["distinct"]
        self.records[w] += alert["records"]
        for t in THRESHOLD:
            self.tier_records[w][t] += alert.get(f"tier_{t.lower()}_records", 0)
        for s in alert.get("samples", []):
            if len(self.samples) < 3 and s not in self.samples and shows_no_value(s):
                self.samples.append(s)

    def values(self):
        return self.distinct[1] + self.distinct[2]

    def record_count(self):
        return self.records[1] + self.records[2]

    def tier_total(self, tier):
        return self.tier_records[1][tier] + self.tier_records[2][tier]

    def insider(self):
        return self.distinct[2] > 0 or self.records[2] > 0

    def score_of_values(self):
        threshold = THRESHOLD.get(self.tier)
        return Fraction(self.distinct[1] + 2 * self.distinct[2], threshold) if threshold else Fraction(0)

    def score_of_records(self, tiers=THRESHOLD):
        return sum((Fraction(self.tier_records[1][t] + 2 * self.tier_records[2][t], THRESHOLD[t]) for t in tiers),
                   Fraction(0))

    def score(self):
        return max(self.score_of_values(), self.score_of_records())

    def items(self):
        """The items of Art. 5 ¶1 the score rests on: the category's tier, or one tier of its records
        that reaches the line alone, or else their proportional sum (六); (八) for an insider's data."""
        if self.score_of_values() >= self.score_of_records():
            items = [ITEM_OF_TIER.get(self.tier, "五")]
        else:
            alone = [ITEM_OF_TIER[t] for t in THRESHOLD if self.score_of_records([t]) >= 1]
            items = alone[:1] or ["六"]
        return items + (["八"] if self.insider() else [])


def line_of(count):
    """The Art. 5 line a category count reaches, as words for the report."""
    score = count.score()
    items = "、".join(f"（{i}）" for i in count.items())
    if score >= SPECIALLY_SERIOUS:
        return "情节特别严重", f"第五条第二款第（三）项，以第一款第{items}项十倍计"
    if score >= 1:
        return "情节严重", f"第五条第一款第{items}项"
    return "未达情节严重", f"达到第一款标准的 {float(score):.1%}"


def shows_no_value(sample):
    """Whether an alert's sample is masked or keyed (a run with --sample-mode clear gives values)."""
    return "*" in sample or sample.startswith("hmac:")
