/// Traditional characters folded to their simplified forms, so `淘寶` and `加微信` written in Hong Kong or Taiwan
/// style meet the simplified lexicon terms.
///
/// Not a full conversion table (OpenCC has tens of thousands of entries, many depending on context): it covers the
/// characters of the shipped lexicons and of everyday shop talk, where a one-to-one mapping is safe.
enum TraditionalChinese {
    /// Pairs of characters: traditional, then simplified.
    private static let pairs = "寶宝貝贝貨货號号碼码電电話话轉转賬账帳账線线絕绝對对網网獨独無无級级極极優优質质價价錢钱現现評评與与個个們们這这過过還还點点擊击聯联繫系係系際际國国東东買买賣卖單单發发後后開开關关門门說说讓让給给從从應应該该經经驗验證证郵邮戶户頭头條条訊讯視视頻频紅红書书團团購购鍵键錯错誤误費费運运達达遞递雙双賠赔償偿換换傳传匯汇銀银員员務务專专業业廣广動动豬猪滾滚媽妈會会騙骗詐诈賤贱驢驴腦脑殘残廢废狀状態态壞坏礙碍難难實实確确氣气裡里裏里嗎吗麼么麽么來来時时間间問问題题訂订額额貼贴幣币紙纸為为於于頁页鏈链結结連连掃扫領领獎奖勵励禮礼贈赠場场終终萬万億亿權权導导師师顧顾漲涨惡恶蘋苹華华盤盘據据龍龙鳳凤鄉乡歡欢愛爱滿满聽听讀读寫写學学習习認认識识記记憶忆談谈論论請请謝谢讚赞護护報报鬧闹賭赌療疗藥药醫医衛卫險险標标準准劃划範范圍围觀观擔担負负責责貸贷彈弹槍枪黨党殺杀獄狱戰战軍军統统總总細细節节約约構构設设計计選选擇择勢势響响頂顶產产廠厂舖铺鋪铺處处區区縣县鎮镇輛辆車车騎骑馬马鳥鸟魚鱼雞鸡鴨鸭機机鐘钟錶表頸颈臉脸髮发鬆松緊紧襪袜褲裤帶带燈灯筆笔墊垫櫃柜壺壶鍋锅灣湾臺台歲岁齡龄隻只雜杂誌志賽赛獲获勝胜敗败虧亏賺赚兩两幾几麥麦當当勞劳飲饮飯饭麵面湯汤燒烧煙烟"

    static let simplified: [UInt32: UInt32] = {
        var table: [UInt32: UInt32] = [:]
        var iterator = pairs.unicodeScalars.makeIterator()
        while let traditional = iterator.next(), let simple = iterator.next() {
            table[traditional.value] = simple.value
        }
        return table
    }()
}

/// Chinese numerals as phone digits: `一三八零零一三八零零零` and `幺三八…` spell a mobile number.
enum ChineseNumerals {
    static func digit(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x3007, 0x96F6: 0  // 〇 零
        case 0x4E00, 0x5E7A, 0x58F9: 1  // 一 幺 壹
        case 0x4E8C, 0x4E24, 0x8D30, 0x8CB3: 2  // 二 两 贰 貳
        case 0x4E09, 0x53C1, 0x53C4: 3  // 三 叁 參
        case 0x56DB, 0x8086: 4  // 四 肆
        case 0x4E94, 0x4F0D: 5  // 五 伍
        case 0x516D, 0x9646, 0x9678: 6  // 六 陆 陸
        case 0x4E03, 0x67D2, 0x62D0: 7  // 七 柒 拐
        case 0x516B, 0x634C: 8  // 八 捌
        case 0x4E5D, 0x7396: 9  // 九 玖
        default: nil
        }
    }
}
