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
identifier = yes
pattern = 6[02]\d{14,17}
pattern = 6[02]\d\d([ -])\d{4}[ -]\d{4}[ -]\d{4}(?:[ -]\d{1,3})?
masked_pattern = 6[02]\d\d(?:[ -]?\*{4}){2,3}[ -]?\d{4}
masked_pattern = 6[02]\d{4}\*{6,9}\d{4}
# A common Luhn example and Stripe's UnionPay test cards.
sample_value = 6225881414207430
sample_value = 6200000000000005
sample_value = 6205500000000000004
keyword = 银行卡
keyword = 银行卡号
keyword = 卡号
keyword = 借记卡
keyword = 储蓄卡
keyword = 信用卡
keyword = 开户行
keyword = 银行账号
keyword = 收款账号
keyword = 银联
keyword = 銀行卡
keyword = bankcard
keyword = bank_card
keyword = cardNo
keyword = card_no
keyword = acctNo
keyword = accountNo
keyword = yhkh
keyword = kahao

# Not every domestic card passes Luhn: 62/60 numbers that fail
# it, and legacy 9xxxx debit cards, count only right after a card label or
# in a column under one.
[signature]
id = 1013
name = Bank card number (no Luhn, keyword)
category = bank_card
tier = A
validator = bank_card_unchecked
identifier = yes
require_keyword = yes
label = 银行卡
label = 银行卡号
label = 卡号
label = 借记卡
label = 储蓄卡
label = 信用卡
label = 银行账号
label = 收款账号
label = bankcard
label = bank_card
label = cardNo
label = card_no
label = acctNo
label = accountNo
label = kahao
label = yhkh
