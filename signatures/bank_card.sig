# UnionPay and domestic bank cards: 62/60 issuer prefix, 16-19 digits, Luhn.
# Written plain or as 4-4-4-4 groups with an optional short last group.
# Tier A: a card number is read as property information (财产信息, Art. 5
# item 3 of the 2017 interpretation: 50 records make a leak serious). A
# deployment whose legal team reads it as tier C changes the line below.
[signature]
id = 1003
name = Bank card number (UnionPay)
category = bank_card
tier = A
validator = bank_card
pattern = 6[02]\d{14,17}
pattern = 6[02]\d\d([ -])\d{4}[ -]\d{4}[ -]\d{4}(?:[ -]\d{1,3})?
masked_pattern = 6[02]\d\d(?:[ -]?\*{4}){2,3}[ -]?\d{4}
masked_pattern = 6[02]\d{4}\*{6,9}\d{4}
# PII_SPEC's Luhn example and Stripe's UnionPay test cards.
sample_value = 6225881414207430
sample_value = 6200000000000005
sample_value = 6205500000000000004
