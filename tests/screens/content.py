"""What a synthetic screenshot says: shops, items, numbers, dates and the seller's words,
drawn at random from a seeded `random.Random` (same seed, same content)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

BRAND_PARTS = ("优品", "美家", "森林", "云朵", "小米", "良造", "初心", "木槿", "悦享", "极简",
               "南山", "北辰", "青柠", "朗逸", "星河", "海澜", "九阳", "半亩", "白鹿", "锦绣",
               "知竹", "拾光", "暖阳", "安踏", "雅诗", "清风", "蓝月", "晨曦", "苏泊", "山野")
LATIN_BRANDS = ("ANTA", "Midea", "UGREEN", "HLA", "Baseus", "OCEAN", "ZARA", "Lenovo")
TMALL_SUFFIX = ("官方旗舰店", "旗舰店", "专营店", "专卖店", "家居旗舰店", "数码专营店")
TAOBAO_SUFFIX = ("小店", "的店", "工作室", "精品店", "百货", "优选", "家居馆", "潮牌店")
ITEM_WORDS = ("2024新款", "男士", "女士", "纯棉", "短袖T恤", "宽松", "圆领", "夏季", "百搭",
              "加厚", "保温杯", "不锈钢", "大容量", "蓝牙耳机", "无线", "降噪", "运动", "跑步鞋",
              "轻便", "透气", "床上四件套", "全棉", "收纳盒", "家用", "折叠", "电饭煲", "智能",
              "充电宝", "快充", "20000毫安", "羽绒服", "中长款", "连衣裙", "法式", "显瘦",
              "护肤套装", "补水", "保湿", "官方正品", "手机壳", "防摔", "硅胶", "儿童", "书包")
SPECS = ("颜色分类：黑色", "颜色分类：白色；尺码：XL", "规格：500ml", "尺码：42",
         "颜色分类：雾霾蓝", "套餐类型：官方标配", "颜色：米白色；尺码：M")
CARRIERS = (("中通快递", "7", 14), ("圆通速递", "YT", 13), ("申通快递", "77", 13),
            ("韵达快递", "43", 13), ("顺丰速运", "SF", 13), ("极兔速递", "JT", 13),
            ("邮政快递包裹", "98", 11), ("EMS", "10", 11))
NAMES = ("张*", "李**", "王*明", "陈**", "刘*", "赵**", "周*婷")
CITIES = ("浙江省 杭州市 西湖区 文三路", "广东省 深圳市 南山区 科技园", "北京 北京市 朝阳区 望京街道",
          "上海 上海市 浦东新区 张江镇", "四川省 成都市 武侯区 桂溪街道")

# Seller's words with meaning: (kind, key, sentence). Keys match knowledge/data/ocr_labels.yaml.
# Keys: every meaning the sentence carries ("已过售后期了，不能退款的" is both).
PROMISES = (("promise", ("genuine",), "亲，我们家保证正品的哦"),
            ("promise", ("triple",), "假一赔三，请您放心购买"),
            ("promise", ("seven_days",), "支持七天无理由退换货的亲"),
            ("promise", ("free_return",), "包邮退换，不满意随时找我"),
            ("promise", ("genuine",), "官方授权，保证正品，可以验货"),
            ("promise", ("seven_days",), "7天无理由退货，运费我们出"))
REFUSALS = (("refusal", ("no_return",), "亲，这个商品不退不换的哦"),
            ("refusal", ("expired",), "抱歉，您的订单已过期，无法处理售后"),
            ("refusal", ("refuse",), "我们拒绝退款，您已经使用过了"),
            ("refusal", ("no_return",), "定制商品不支持退货的亲"),
            ("refusal", ("expired", "no_return"), "已过售后期了，不能退款的"),
            ("refusal", ("refuse",), "这个情况我们不予退款"))
SELLER_PLAIN = ("亲，在的，请问有什么可以帮您", "好的亲，稍等一下", "已经发货了哦，请耐心等待",
                "亲，您看一下物流信息", "收到，我们核实一下", "感谢您的支持")
BUYER_PLAIN = ("你好，在吗", "我收到的东西有问题", "什么时候发货", "我想申请退货",
               "这个是正品吗？", "你们保证正品吗？", "能七天无理由吗？", "为什么拒绝我的退款")
ORDER_STATUS = {"交易成功": "success", "卖家已发货": "shipped", "等待买家收货": "shipped",
                "交易关闭": "closed", "买家已付款": "paid"}
REFUND_STATUS = (("success", "退款成功"), ("refused", "商家拒绝退款"),
                 ("pending", "请等待商家处理"), ("closed", "退款关闭"))
REFUND_REASONS = ("质量问题", "商品与描述不符", "少件/漏发", "假冒品牌", "不喜欢/效果不好")


def shop(rng: random.Random, tmall: bool) -> str:
    brand = rng.choice(LATIN_BRANDS) if rng.random() < 0.2 else "".join(
        rng.sample(BRAND_PARTS, rng.choice((1, 2))))
    return brand + rng.choice(TMALL_SUFFIX if tmall else TAOBAO_SUFFIX)


def item(rng: random.Random) -> str:
    return " ".join(rng.sample(ITEM_WORDS, rng.randint(5, 9)))


def digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def order_no(rng: random.Random) -> str:
    return digits(rng, rng.choice((18, 19)), "1234")


def money(rng: random.Random, low: float = 9.9, high: float = 3999) -> str:
    value = rng.uniform(low, high)
    cents = rng.choice((0, 0, 90, 99, rng.randint(0, 99)))
    return f"{int(value)}.{cents:02d}"


def tracking(rng: random.Random) -> tuple[str, str]:
    carrier, prefix, n = rng.choice(CARRIERS)
    return carrier, prefix + "".join(rng.choice("0123456789") for _ in range(n - len(prefix)))


def moments(rng: random.Random, count: int) -> list[datetime]:
    """`count` increasing moments of one order, somewhere in 2023-2026."""
    start = datetime(2023, 1, 1) + timedelta(days=rng.randint(0, 1300),
                                             seconds=rng.randint(0, 86399))
    out = [start]
    for _ in range(count - 1):
        out.append(out[-1] + timedelta(seconds=rng.randint(30, 5 * 86400)))
    return out


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")
