"""Word lists for keyword extraction: stop words (English, Chinese in both scripts) and common
Traditional-Chinese words that jieba's Simplified-centric dictionary lacks.

Used by ``keywords.py`` only; plain data, no imports.
"""

# scikit-learn's ENGLISH_STOP_WORDS (318 words, BSD licence), copied so that a keyword run needs
# no scikit-learn import (0.8 s on this machine).
EN_STOP = """
a about above across after afterwards again against all almost alone along already also although
always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
are around as at back be became because become becomes becoming been before beforehand behind being
below beside besides between beyond bill both bottom but by call can cannot cant co con could
couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
fire first five for former formerly forty found four from front full further get give go had has
hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly
least less ltd made many may me meanwhile might mill mine more moreover most mostly move much must
my myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
nowhere of off often on once one only onto or other others otherwise our ours ourselves out over
own part per perhaps please put rather re same see seem seemed seeming seems serious several she
should show side since sincere six sixty so some somehow someone something sometime sometimes
somewhere still such system take ten than that the their them themselves then thence there
thereafter thereby therefore therein thereupon these they thick thin third this those though three
through throughout thru thus to together too top toward towards twelve twenty two un under until up
upon us very via was we well were what whatever when whence whenever where whereafter whereas
whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why
will with within without would yet you your yours yourself yourselves
""".split()

EN_EXTRA_STOP = """
really just very also got get getting go going went one two lot lots bit much many quite
would could should will can cannot dont didnt doesnt isnt wasnt im ive youre theyre thats
its it's don't didn't wasn't isn't i'm i've you're they're that's there's we're
even still though although yet well definitely absolutely pretty truly overall maybe
""".split()

# Web and social-media debris that survives URL stripping (truncated links, retweet marks, entity
# names): never a keyword.
WEB_STOP = """
http https www com co org net ly bit tinyurl html htm php amp quot nbsp lt gt rt via cont pic
twitter status goo gl fb youtu youtube instagram
""".split()

ZH_STOP = """
的 了 是 很 在 有 和 與 与 就 都 也 還 还 又 這 这 那 個 个 一個 一个 我 你 他 她 它 我們 我们 你們 你们
他們 他们 她們 她们 大家 自己 非常 真的 真是 可以 不 沒 没 沒有 没有 會 会 要 去 到 說 说 看 讓 让 把
被 給 给 對 对 但 但是 而且 因為 因为 所以 如果 還是 还是 覺得 觉得 感覺 感觉 就是 這個 这个 那個 那个
這裡 这里 那裡 那里 這邊 这边 什麼 什么 怎麼 怎么 一下 一些 一點 一点 有點 有点 比較 比较 特別 特别
其實 其实 然後 然后 之後 之后 時候 时候 已經 已经 應該 应该 可能 還有 还有 以及 或是 或者 而 及 並 并
吧 呢 啊 啦 喔 哦 呀 嗎 吗 嘛 哈 哈哈 哈哈哈 囉 耶 欸 唷 喲 蠻 滿 挺 太 超 好 更 最 再 才 只 從 从 跟 等
上 下 中 裡 里 後 后 前 來 来 過 过 著 着 得 地 之 於 于 為 为 以 及其 其他 其它 這樣 这样 那樣 那样
一樣 一样 很多 許多 许多 不錯 不错 不會 不会 不是 不過 不过 一直 一定 一起 一次 多 少 些 每 各 該 该
""".split()

ZH_TRADITIONAL_WORDS = """
電梯 觀景台 觀景臺 景觀 風景 景色 夜景 視野 視角 全景 台北 臺北 台北101 信義區 高樓 大樓 樓層 樓頂
戶外 室外 室內 陽台 展望台 阻尼器 風阻尼球 紀念品 紀念品店 商店 商場 購物 購物中心 美食街 餐廳 餐點 餐飲
食物 美食 好吃 難吃 味道 口味 咖啡 咖啡廳 甜點 飲料 早餐 午餐 晚餐 價格 價位 價錢 票價 門票 購票 售票
售票處 買票 票券 優惠 折扣 划算 昂貴 太貴 便宜 值得 推薦 服務 服務人員 服務生 工作人員 員工 店員 導覽
導覽員 解說 態度 親切 熱情 友善 禮貌 專業 冷淡 不耐煩 排隊 等待 等候 人潮 擁擠 人很多 時間 速度 快速
高速 秒鐘 耳朵 耳鳴 壓力 預約 預訂 訂位 廁所 洗手間 乾淨 環境 整潔 舒適 天氣 雲霧 下雨 晴天 日落 夕陽
煙火 跨年 拍照 照片 相機 遊客 觀光客 觀光 旅遊 旅客 外國人 小孩 家人 朋友 體驗 經驗 感受 印象 漂亮
美麗 壯觀 震撼 失望 滿意 開心 難忘 值回票價 必去 必訪 地標 建築 設計 燈光 交通 捷運 停車 停車場 入口
出口 道地 位置 方便 附近 營業 營業時間 開放 關閉 周末 週末 假日 平日 晚上 白天 下午 上午 小時 分鐘 鐘頭
""".split()
