# Mainland mobile numbers: 11 digits, plain or in 3-4-4 groups split by a
# space or dash; a +86/0086/86 prefix is read back by the validator, which
# also checks the allocated number ranges.
# Tier C (other personal information).
[signature]
id = 1002
name = PRC mobile phone number
category = cn_mobile
tier = C
validator = cn_mobile
pattern = 1[3-9]\d[ -]?\d{4}[ -]?\d{4}
masked_pattern = 1[3-9]\d\*{4}\d{4}
masked_pattern = 1[3-9]\d[ -]\*{4}[ -]\d{4}
# Placeholders found in documentation, forms and test data everywhere.
sample_value = 13800138000
sample_value = 13800000000
