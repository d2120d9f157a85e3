# Account lists as account markets (号商) sell them: an account and its
# password, one pair a line. 法释〔2017〕10号 Art. 1 names account passwords
# (账号密码) among citizens' personal information; Art. 5 item (四) puts
# information that can endanger a person's safety or property at 500 records,
# tier B. A payment account's password is property information, tier A
# (item (三)), but a line does not say whether its account pays: a list is
# graded B, the line for every account it holds.
# The value is the account: a list counts one value per distinct account, and
# the secret is never kept (its alerts show 284****765 / ********). One pair
# alone is a login or a configuration file, not a leak: a flow direction
# reports the category from 10 distinct accounts.

# 2843017765----a1b2c3d4, 13812345678----pass----备注, name@163.com:password,
# 2843017765|a1b2c3d4, tab-separated. A pattern ends at the separator; the
# validator reads the account before it, back to the line's start, and the
# secret after it, to the line's end (account_list in README.md). The
# patterns are chosen for their cost: a number before "----" is a token
# pattern; before '|', a tab or ':' it is looked for only at a line's start,
# where it is rare ("----" or a digit run alone would run over every byte).
[signature]
id = 1028
name = Account list (account and password a line)
category = account_credentials
tier = B
validator = account_list
identifier = yes
min_values = 10
pattern = [1-9]\d{4,10}----
pattern = [A-Za-z][-A-Za-z0-9_]{5,19}----
pattern = @[-.A-Za-z0-9]+\.[A-Za-z]{2,24}(?:----|[|\t:])
pattern = (?:^|\n|\\n)[1-9]\d{4,10}[|\t:]

# 账号：zhangsan 密码：abc123, account=zhangsan&password=abc123,
# {"username":"zhangsan","pwd":"abc123"}: a login after its label, then a
# password label and the secret on the same line.
[signature]
id = 1029
name = Account and password after their labels
category = account_credentials
tier = B
validator = account_labelled
identifier = yes
min_values = 10
label = 账号
label = 帐号
label = 用户名
label = 登录名
label = 登录账号
label = account
label = username
label = userName
label = user_name
label = login
label = loginName
