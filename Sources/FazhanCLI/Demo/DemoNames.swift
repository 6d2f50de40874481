import FazhanCore

/// The word lists the demo university draws its people from: surnames (roughly by frequency),
/// given-name characters, ethnic groups with the areas their ID numbers come from.
enum DemoNames {
    /// Common surnames, most frequent first; `surnameWeights` gives their relative frequency.
    static let surnames: [String] = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
        "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
        "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
        "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
        "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
        "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "司马", "诸葛",
    ]

    static let surnameWeights: [Int] = surnames.indices.map { index in
        switch index {
        case 0..<5: return 70
        case 5..<12: return 30
        case 12..<30: return 14
        case 30..<60: return 7
        case 60..<(surnames.count - 3): return 4
        default: return 1
        }
    }

    static let maleCharacters: [String] = Array("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国志新昊然博文轩睿泽晨宏铭航毅锋振哲凡远峰嘉翔").map(String.init)
    static let femaleCharacters: [String] = Array("芳娜敏静丽艳娟霞秀玲桂丹萍红燕琳雪婷慧莹洁颖倩晶月媛婧璐欣怡梦涵诗雨佳悦琪瑶萱晗思语彤妍蕾薇雯茜菲").map(String.init)
    static let sharedCharacters: [String] = Array("子一嘉晓文天雨安清若宇心可明佳思书家世梓").map(String.init)

    /// Uyghur given names and father's names, written as Chinese transliterations joined by `·`.
    static let uyghurMale: [String] = ["艾合买提", "买买提", "阿不都热合曼", "艾力", "努尔艾力", "麦麦提敏", "阿迪力", "伊力哈木"]
    static let uyghurFemale: [String] = ["古丽努尔", "阿依古丽", "热依拉", "迪丽努尔", "帕提古丽", "米热古丽", "阿依努尔", "再努尔"]
    static let uyghurFathers: [String] = ["吐尔逊", "艾买提", "阿卜杜拉", "热合曼", "依明", "卡德尔", "买合木提", "司马义"]

    struct Ethnicity {
        var name: String
        var weight: Int
        /// Area codes (行政区划代码) of places where ID numbers of this group are often issued.
        var areaCodes: [String]
    }

    /// Mostly 汉族; the minorities a university in eastern China typically enrolls.
    static let ethnicities: [Ethnicity] = [
        Ethnicity(name: "汉族", weight: 900, areaCodes: [
            "110105", "110108", "320102", "320106", "440106", "440305", "310104", "330106", "420111", "510107",
            "610113", "370102", "430104", "350102", "410105", "340104", "360102", "130102", "120101", "500103",
        ]),
        Ethnicity(name: "壮族", weight: 22, areaCodes: ["450103", "450203", "451002"]),
        Ethnicity(name: "回族", weight: 18, areaCodes: ["640104", "620102", "410105"]),
        Ethnicity(name: "满族", weight: 15, areaCodes: ["210102", "130802", "220102"]),
        Ethnicity(name: "维吾尔族", weight: 9, areaCodes: ["650102", "653101", "652901"]),
        Ethnicity(name: "苗族", weight: 10, areaCodes: ["520102", "522601", "433101"]),
        Ethnicity(name: "土家族", weight: 10, areaCodes: ["433101", "422801", "500242"]),
        Ethnicity(name: "蒙古族", weight: 8, areaCodes: ["150102", "150602", "152502"]),
        Ethnicity(name: "彝族", weight: 6, areaCodes: ["513401", "532301", "530102"]),
        Ethnicity(name: "朝鲜族", weight: 2, areaCodes: ["222401", "222402"]),
    ]

    static func name(gender: Gender, ethnicity: String, random: inout DemoRandom) -> String {
        if ethnicity == "维吾尔族" {
            let given = random.pick(gender == .male ? uyghurMale : uyghurFemale)
            return given + "·" + random.pick(uyghurFathers)
        }
        let surname = surnames[random.weighted(surnameWeights)]
        let own = gender == .male ? maleCharacters : femaleCharacters
        func character() -> String {
            random.chance(0.2) ? random.pick(sharedCharacters) : random.pick(own)
        }
        // Two-character surnames nearly always take a two-character given name.
        if surname.count == 1, random.chance(0.28) { return surname + character() }
        var second = character()
        let first = character()
        if second == first { second = random.pick(own) }
        return surname + first + second
    }

    /// A valid 18-character resident ID number for a birth date and gender.
    static func residentID(areaCode: String, birthDate: CivilDate, gender: Gender, random: inout DemoRandom) -> String {
        // Sequence 001-999: odd for men, even for women.
        let sequence = random.int(1...498) * 2 + (gender == .male ? -1 : 0)
        let date = birthDate.description.filter { $0 != "-" }
        var text = String(sequence)
        while text.count < 3 { text = "0" + text }
        let first17 = areaCode + date + text
        return first17 + String(ResidentID.checkCharacter(for: first17)!)
    }
}
