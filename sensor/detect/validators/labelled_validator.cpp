#include "detect/validators/labelled_validator.hpp"

#include <algorithm>
#include <array>

namespace dlp {

namespace {

constexpr std::size_t kMaxValueChars = 64;

bool separator(std::uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == ':' || cp == '=' || cp == '"' || cp == '\'' || cp == '\\' ||
         cp == 0xFF1A /* ： */ || cp == 0x3000 /* ideographic space */;
}

bool cjk(std::uint32_t cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }
bool ascii_digit(std::uint32_t cp) { return cp >= '0' && cp <= '9'; }
bool ascii_alnum(std::uint32_t cp) { return ascii_digit(cp) || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'); }
std::size_t count_digits(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

std::uint32_t first_code_point(std::string_view utf8) {
  auto cps = utf8_code_points(utf8);
  return cps && cps->size() == 1 ? (*cps)[0] : 0xFFFFFFFF;
}

// The surnames that cover about 85% of people, and the common compound
// ones.
constexpr std::string_view kSurnames =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭"
    "陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳"
    "管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
constexpr std::array<std::string_view, 19> kCompoundSurnames = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟",
                                                                "公孙", "慕容", "长孙", "令狐", "宇文", "司徒", "夏侯",
                                                                "轩辕", "端木", "独孤", "南宫", "西门"};

class PersonNameValidator final : public LabelledValidator {
  bool value_char(std::uint32_t cp) const override { return cjk(cp); }
  bool check(const std::string& v) const override {
    const std::size_t chars = v.size() / 3;  // CJK characters are 3 bytes in UTF-8
    if (chars >= 3 &&
        std::find(kCompoundSurnames.begin(), kCompoundSurnames.end(), v.substr(0, 6)) != kCompoundSurnames.end())
      return chars <= 4;
    if (chars < 2 || chars > 3) return false;
    for (std::size_t i = 0; i < kSurnames.size(); i += 3)
      if (kSurnames.compare(i, 3, v, 0, 3) == 0) return true;
    return false;
  }
};

// An address counts when it names at least three levels (省/市/区/路/号/栋
// ...), or a house number with a building, unit or room (3栋2单元1502 in a
// property firm's owner list).
class AddressValidator final : public LabelledValidator {
  bool value_char(std::uint32_t cp) const override { return cjk(cp) || ascii_alnum(cp) || cp == '-' || cp == '#'; }
  bool check(const std::string& v) const override {
    static constexpr std::array<std::string_view, 27> kLevels = {
        "省", "自治区", "市", "自治州", "州",   "盟", "地区", "区", "县", "旗",   "镇", "乡",   "街道", "路",
        "街", "大道",   "巷", "弄",     "胡同", "号", "栋",   "幢", "座", "单元", "室", "小区", "村"};
    int levels = 0;
    bool building = false;
    for (std::size_t i = 0; i < v.size();) {
      auto level = std::find_if(kLevels.begin(), kLevels.end(),
                                [&](std::string_view l) { return v.compare(i, l.size(), l) == 0; });
      if (level != kLevels.end() && i > 0) {
        ++levels;
        building |= *level == "栋" || *level == "幢" || *level == "单元" || *level == "室";
        i += level->size();
      } else {
        i += static_cast<unsigned char>(v[i]) < 0x80 ? 1 : 3;
      }
    }
    return levels >= 3 || (building && count_digits(v) >= 3);
  }
};

// Digits or ASCII identifiers of a given shape.
class AsciiLabelledValidator : public LabelledValidator {
 protected:
  bool value_char(std::uint32_t cp) const override { return ascii_alnum(cp) || cp == '-' || cp == '_'; }
};

class QqValidator final : public AsciiLabelledValidator {
  bool check(const std::string& v) const override {
    return v.size() >= 5 && v.size() <= 11 && v[0] != '0' && count_digits(v) == v.size();
  }
};

class WechatIdValidator final : public AsciiLabelledValidator {
  bool check(const std::string& v) const override {
    return v.size() >= 6 && v.size() <= 20 && ((v[0] >= 'A' && v[0] <= 'Z') || (v[0] >= 'a' && v[0] <= 'z'));
  }
};

// Hospital-specific 病案号/住院号/门诊号: 6-20 characters, mostly digits.
class MedicalRecordValidator final : public AsciiLabelledValidator {
  bool check(const std::string& v) const override { return v.size() >= 6 && v.size() <= 20 && count_digits(v) >= 4; }
};

class InsurancePolicyValidator final : public AsciiLabelledValidator {
  bool check(const std::string& v) const override { return v.size() >= 10 && v.size() <= 25 && count_digits(v) >= 6; }
};

// SF/YT/JT + 12-13 digits, JD + 2 + 11, 12-15 digits (ZTO, STO, Yunda,
// Best, EMS), or a UPU S10 number with its check digit (RR123456785CN).
class CourierWaybillValidator final : public AsciiLabelledValidator {
  bool check(const std::string& v) const override {
    const std::size_t digits = count_digits(v);
    auto prefixed = [&](std::string_view p, std::size_t lo, std::size_t hi) {
      return v.compare(0, p.size(), p) == 0 && digits == v.size() - p.size() && digits >= lo && digits <= hi;
    };
    if (prefixed("SF", 12, 13) || prefixed("YT", 13, 13) || prefixed("JT", 13, 13)) return true;
    if (v.size() == 15 && v.compare(0, 2, "JD") == 0 && count_digits(v.substr(4)) == 11) return true;
    if (digits == v.size()) return digits >= 12 && digits <= 15;
    if (v.size() == 13 && v.compare(11, 2, "CN") == 0 && count_digits(v.substr(2, 9)) == 9) {
      static constexpr int kWeights[8] = {8, 6, 4, 2, 3, 5, 9, 7};
      int sum = 0;
      for (int i = 0; i < 8; ++i) sum += (v[2 + i] - '0') * kWeights[i];
      int check = 11 - sum % 11;
      check = check == 10 ? 0 : check == 11 ? 5 : check;
      return v[10] - '0' == check;
    }
    return false;
  }
};

}  // namespace

bool LabelledValidator::validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const {
  FormReader reader(w, end, end + kReach, form);
  std::string value;
  std::size_t chars = 0, separators = 0;
  std::uint64_t start = end;
  while (chars <= kMaxValueChars) {
    const std::uint64_t at = reader.pos();
    auto ch = reader.next();
    if (!ch) break;
    std::uint32_t cp = first_code_point(*ch);
    if (chars == 0 && separator(cp)) {
      if (++separators > 8) return false;
      continue;
    }
    if (!value_char(cp)) break;
    if (chars++ == 0) start = at;
    value += *ch;
  }
  if (chars == 0 || chars > kMaxValueChars || !check(value)) return false;
  out.value = std::move(value);
  out.start = start;
  out.confidence = Confidence::low;
  return true;
}

bool LabelledValidator::validate_cell(std::string_view text, Candidate& out) const {
  auto cps = utf8_code_points(text);
  if (!cps || cps->empty() || cps->size() > kMaxValueChars) return false;
  if (!std::all_of(cps->begin(), cps->end(), [this](std::uint32_t cp) { return value_char(cp); })) return false;
  out.value.assign(text);
  out.confidence = Confidence::low;
  return check(out.value);
}

bool LabelledTokenValidator::validate(const TextWindow& w, std::uint64_t end, TextForm form, Candidate& out) const {
  std::uint64_t pos = end;
  while (pos - end < kGap && w.at(pos) >= 0 && w.at(pos) != '\n' && !is_alnum(w.at(pos))) ++pos;
  if (!is_alnum(w.at(pos))) return false;
  // The token: letters and digits, single separators between digit groups
  // (6222 0000 ...), a parenthesised check character (A123456(3)) and a
  // middle dot in GBK or UTF-8 (粤B·D12345).
  while (pos - end < kReach) {
    const int c = w.at(pos), before = w.at(pos - 1), after = w.at(pos + 1);
    const bool group_separator = (c == ' ' || c == '-') && is_digit(before) && is_digit(after);
    const bool check_character = (c == '(' && is_digit(before) && is_alnum(after)) || (c == ')' && is_alnum(before));
    const bool middle_dot =
        ((c == 0xA1 && after == 0xA4) || (c == 0xC2 && after == 0xB7)) && is_alnum(before) && is_alnum(w.at(pos + 2));
    if (middle_dot)
      ++pos;
    else if (!is_alnum(c) && !group_separator && !check_character)
      break;
    ++pos;
  }
  return inner_.validate(w, pos, form, out);
}

std::string LabelledValidator::mask(std::string_view value) const {
  auto cps = utf8_code_points(value);
  if (!cps || cps->empty()) return "*";
  std::string out;
  append_utf8(out, (*cps)[0]);
  out.append(cps->size() - 1, '*');
  return out;
}

std::unique_ptr<Validator> make_labelled_validator(std::string_view name) {
  if (name == "person_name") return std::make_unique<PersonNameValidator>();
  if (name == "address") return std::make_unique<AddressValidator>();
  if (name == "qq") return std::make_unique<QqValidator>();
  if (name == "wechat_id") return std::make_unique<WechatIdValidator>();
  if (name == "medical_record_no") return std::make_unique<MedicalRecordValidator>();
  if (name == "insurance_policy_no") return std::make_unique<InsurancePolicyValidator>();
  if (name == "courier_waybill") return std::make_unique<CourierWaybillValidator>();
  return nullptr;
}

}  // namespace dlp
