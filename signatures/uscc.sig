# Unified social credit codes (GB 32100-2015) name organisations, not people:
# tier none, so they never alert; they are counted (scan.informational in
# the stats line), and a keyword next to one is still context. The 92 codes
# of sole proprietors (个体工商户) are tied to a person, tier C.
[signature]
id = 1018
name = Unified social credit code (organisation)
category = uscc
tier = none
validator = uscc
# Registration authority (1-9, A 军队, N 农业, Y other) and organisation type (1-9) first.
pattern = (?:^|[^0-9A-Za-z])[1-9ANY][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{10}
keyword = 统一社会信用代码
keyword = 信用代码
keyword = 纳税人识别号
keyword = 税号
keyword = USCC

[signature]
id = 1019
name = Unified social credit code (sole proprietor)
category = uscc_sole_proprietor
tier = C
validator = uscc_sole_proprietor
pattern = (?:^|[^0-9A-Za-z])92\d{6}[0-9A-HJ-NPQRTUWXY]{10}
keyword = 统一社会信用代码
keyword = 个体工商户
