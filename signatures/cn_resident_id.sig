# PRC resident identity card numbers (GB 11643-1999), 18 characters.
# The pattern is a prefilter: province, year, month and day shapes. The
# validator checks boundaries, the real date and the MOD 11-2 check character.
# Tier C (other personal information: 5,000 records make a leak serious).
[signature]
id = 1001
name = PRC resident identity card number
category = cn_resident_id
tier = C
validator = cn_resident_id
pattern = (?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])\d{4}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]
# De-identified forms (6-8-4, 3-11-4, 4-10-4, 8-6-4, 1-16-1), 18 characters.
masked_pattern = (?:[1-8]\d{5}\*{8}|[1-8]\d{2}\*{11}|[1-8]\d{3}\*{10}|[1-8]\d{7}\*{6})\d{3}[\dXx]
masked_pattern = [1-8]\*{16}[\dXx]
# The examples of GB 11643-1999 itself.
sample_value = 11010519491231002X
sample_value = 440524188001010014
