# UnionPay and domestic bank cards: 62/60 issuer prefix, 16-19 digits, Luhn.
# Written plain or as 4-4-4-4 groups with an optional short last group.
[signature]
id = 1003
name = Bank card number (UnionPay)
category = bank_card
severity = warning
validator = bank_card
pattern = 6[02]\d{14,17}
pattern = 6[02]\d\d([ -])\d{4}[ -]\d{4}[ -]\d{4}(?:[ -]\d{1,3})?
