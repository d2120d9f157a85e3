# PRC resident identity card numbers (GB 11643-1999), 18 characters.
# The pattern is a prefilter: province, year, month and day shapes. The
# validator checks boundaries, the real date and the MOD 11-2 check character.
[signature]
id = 1001
name = PRC resident identity card number
category = cn_resident_id
severity = warning
validator = cn_resident_id
pattern = (?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])\d{4}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]
