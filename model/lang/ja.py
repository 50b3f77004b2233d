"""日本語のカタログ (``model.lang`` を参照)。

記事の文をそのまま写さず、自分たちの言葉で書いたもの。
"""

TEXT: dict[str, str] = {
    # -- ウォーク (model.walk): 各図の説明と課題 --------------------------------------
    "walk.nn6.text": (
        "1つのニューロンは act(w·x − b) を計算します。ここでは3つのシグモイドニューロンが"
        "重み w だけ違います。重みが大きいほど、0 から 1 への段差が急になります。"
    ),
    "walk.nn6.double": "ニューロン1の傾きを今の2倍にしてみましょう。",
    "walk.nn6.mirror": "ニューロン2の重みを −0.5 にして、段差の向きが反対になるのを見ましょう。",
    "walk.nn7.text": (
        "バイアス b は形を変えずに段差を x 方向へずらします。段差の真ん中は w·x − b = 0 となる所、"
        "つまり x = b / w です。"
    ),
    "walk.nn7.slide": "ニューロン1の段差の真ん中が x = 2 に来るようにずらしましょう。",
    "walk.nn8.text": (
        "ニューロンが2つになりました。ネットワークの出力は2つの曲線の和 (緑) です。"
        "ニューロンが1つ増えるごとに段差が1つ加わります。"
    ),
    "walk.nn8.climb": "ニューロンを1つ追加して、和が 2 を超えるようにしましょう。",
    "walk.nn9.text": (
        "3つ目のニューロンで3つ目の段差が加わり、和はより多くの形を取れます。"
        "3つの重みはすべて正なので、和は上がる一方です。"
    ),
    "walk.nn9.turn": (
        "どれか1つのニューロンの重みを負にして、和が上がってから下がるようにしましょう。"
    ),
    "walk.nn10.text": (
        "ニューロン3の重みが負なので、その段差は下向きになります。和は上がり、下がり、また上がります。"
        "3つの段差でできた山です。"
    ),
    "walk.nn10.flatten": "山を低くして、和の最大値が 2 以下になるようにしましょう。",
    "walk.nn11.text": (
        "2層目: 和にもう1つシグモイドニューロンをかけます。和がどうなっても出力は 0 と 1 の間に"
        "収まり、和の形はほとんど平らに押しつぶされます。"
    ),
    "walk.nn11.squash": "w2 を大きくして、2層目の出力がどこでも 0.99 以上になるようにしましょう。",
    "walk.nn12.text": (
        "同じニューロンを ReLU、max(0, z) にしました。各ニューロンは折れ線になり、その和は角で"
        "つながった直線の集まりです。出力の重みが正なら、上向きにしか曲がれません。"
    ),
    "walk.nn12.touch": "バイアスを動かして、和の最小値がちょうど 0 に触れるようにしましょう。",
    "walk.nn13.text": (
        "w2 = 1、b2 = 0 の ReLU の2層目は、和が正の所では和をそのまま通します。黒い線が緑の線に"
        "重なります。ReLU のネットワークを深くできるのはこのためです。"
    ),
    "walk.nn13.lower": "2層目が、どこでも和よりちょうど 1 低くなるように設定しましょう。",
    "walk.nn15.text": (
        "2層目の重みが負だと、和が上下逆になります。これで下向きに曲がる形も作れます。"
    ),
    "walk.nn15.top": "b2 を動かして、反転した曲線の最大値が 5 になるようにしましょう。",
    "walk.nn16.text": (
        "Mish、z·tanh(ln(1 + e^z)): z が大きい所では ReLU のようですが、なめらかで、0 より少し"
        "下にくぼみがあります。"
    ),
    "walk.nn16.dip": "ニューロンをずらして、くぼみが x = 2 に来るようにしましょう。",
    "walk.nn17.text": (
        "ReLU の図と同じニューロンを Mish にしました。ReLU と同じ形で、角が丸くなっています。"
    ),
    "walk.nn17.corners": "活性化関数を ReLU に切り替えて、角が戻るのを見ましょう。",
    "walk.nn18.text": (
        "Mish の2層を、広い x の範囲で。シグモイドのようになめらかで、ReLU のように2層目が"
        "和の形を保ちます。"
    ),
    "walk.nn18.follow": "w2 = 1、b2 = 0 にしましょう。2層目が和のすぐ近くを通ります。",
    # -- ページとエクスポートしたファイルのガイド (dashboard.walk) ---------------------------------
    "walk.ui.start": "ガイドを始める",
    "walk.ui.start_about": "記事の図を順にたどり、課題を試します",
    "walk.ui.continue": "ステップ {step} からガイドを続ける",
    "walk.ui.region": "記事をたどるガイド",
    "walk.ui.heading": "ステップ {step}/{count} · 図 {figure}",
    "walk.ui.tasks": "やってみよう:",
    "walk.ui.done": "できました",
    "walk.ui.open": "まだです",
    "walk.ui.done_before": "前にできました",
    "walk.ui.elsewhere": "このステップの課題は図 {figure} についてです。図のメニューで選ぶと取り組めます。",
    "walk.ui.last": "これが最後のステップです。ガイドをやめると、どの図でも自由に試せます。",
    "walk.ui.back": "← 前へ",
    "walk.ui.back_about": "前のステップ",
    "walk.ui.next": "次へ →",
    "walk.ui.next_about": "次のステップ",
    "walk.ui.leave": "ガイドをやめる",
    "walk.ui.file_heading": "ガイドより: ステップ {step}/{count}",
    "walk.ui.file_tasks": "試してみる課題 (nnshape serve で開くと、できた課題に印が付きます):",
    # -- 値と、そのパラメータが宣言する規則 --------------------------------------------------
    "number.not_finite": "{where} は有限の数でなければなりません ({value} は使えません)",
    "number.bounds": "{where} は {low} から {high} の間でなければなりません ({value} は範囲外です)",
    "flag.not_bool": "{where} は true か false でなければなりません ({value} は使えません)",
    "choice.unknown": "{where} は {known} のどれかでなければなりません ({value} は使えません)",
    "color.format": "{where} は '#ff0000' のような色でなければなりません ({value} は使えません)",
    "grid.shape": "{where} は (開始, 終了, 間隔) でなければなりません ({value} は使えません)",
    "grid.ends": "{where} の開始と終了は ±{limit} の範囲になければなりません ({value} は範囲外です)",
    "grid.step": "{where} の間隔は正でなければなりません ({value} は使えません)",
    "grid.order": "{where} の終了は開始より大きくなければなりません ({value} は使えません)",
    "grid.points": "{where} の点の数は 2 から {most} まで: {value} では {count} 点になります",
    "neurons.count": "{where} のニューロンは 1 から {most} 個まで ({count} 個は使えません)",
    "neurons.repeated": "{where} に同じニューロンが2回あります",
    "depth.repeated": "{where} に層 {layer} が2回あります",
    "output.count": "出力の重みは {count} 個のニューロンに1つずつの数でなければなりません ({value} は使えません)",
    "ylim.shape": "{where} は none か [下限, 上限] でなければなりません ({value} は使えません)",
    "ylim.order": "{where} の下限は上限より小さくなければなりません ([{low}, {high}] は使えません)",
    "indices.shape": "{where} はニューロン番号のリストでなければなりません ({value} は使えません)",
    "indices.range": "{where} は 0 から {last} までのニューロン番号でなければなりません ({value} は範囲外です)",
    "indices.repeated": "{where} に番号 {index} が2回あります",
    # -- JSON 文書 -----------------------------------------------------------------------------------
    "doc.type": "文書はテキスト (str か bytes) でなければなりません ({type} は使えません)",
    "doc.encoding": "文書が UTF-8 のテキストではありません ({position} バイト目で {reason})",
    "doc.size": "文書が大きすぎます: 少なくとも {size} バイトあり、上限は {limit} バイト (1 MB) です。読み込みませんでした",
    "doc.depth": "文書の入れ子が {limit} 段より深いため、読み込みませんでした",
    "doc.constant": "文書に数ではない {token} があります: 数は有限でなければなりません",
    "doc.duplicate": "1つの JSON オブジェクトにキー {key} が2回あります",
    "doc.syntax": "文書が正しい JSON ではありません: {reason} ({line} 行目、{column} 列目)",
    "doc.syntax_other": "文書が正しい JSON ではありません: {reason}",
    "doc.not_object": "文書は JSON オブジェクトでなければなりません ({value} は使えません)",
    "doc.schema": "schema は {schema} でなければなりません ({value} は違います): nnshape のネットワーク文書ではありません",
    "doc.schema_missing": "schema がありません ({schema} が必要です)",
    "doc.not_nnshape": "nnshape のネットワーク文書ではありません: schema がありません",
    "doc.version_missing": "version がありません",
    "doc.version_type": "version は整数でなければなりません ({value} は使えません)",
    "doc.version_range": "version は 0 から {current} まででなければなりません ({value} は範囲外です)",
    "doc.version_newer": "この文書はバージョン {version} で、新しい nnshape が書いたものです。この nnshape が読めるのはバージョン 0 から {current} までです。開くには nnshape を更新してください。",
    "doc.upgraded": "{problem} (バージョン {version} の文書。読み込み時に変換しました)",
    "doc.object": "{where} はオブジェクトでなければなりません ({value} は使えません)",
    "doc.list": "{where} はリストでなければなりません ({value} は使えません)",
    "doc.unknown_field": "{where} は nnshape が知らない項目です (バージョン {version})",
    "doc.missing": "{where} がありません",
    "doc.view_key": "{where} は表示の設定ではありません。使えるのは {known} です",
    "doc.view_key_ignored": "{where} は nnshape が知らない表示の設定です。無視しました",
    "doc.v0_field": "{key} はバージョン 0 の文書の項目ではありません",
    "doc.v0_missing": "{key} がありません (バージョン 0 の文書)",
    "doc.v0_shape": "{key} は {shape} でなければなりません (バージョン 0 の文書。{value} は使えません)",
    # -- リンクを読む: 問題ごとにどうしたか ---------------------------------------------------------
    "url.ignored": "{problem}。無視しました",
    "url.clamped": "{problem}。{bound} に切り詰めました",
    "url.used": "{problem}。{fallback} を使いました",
    "url.free_play": "{problem}。自由に遊ぶ画面から始めました",
    "url.repeated": "{key} が {count} 回指定されています。最後のものを使いました",
    "url.not_text": "{key}: 型 {type} の値はテキストではありません。無視しました",
    "url.too_long": "{key}: {length} 文字の値は長すぎます (上限は {limit})。無視しました",
    "url.far_too_long": "{key}: {length} バイトの値はあまりに長すぎます。無視しました",
    "url.unknown_keys": "知らないパラメータを無視しました: {names}",
    "url.not_query": "クエリがパラメータの集まりではありません ({type})。無視しました",
    "url.kept_first": "n: {count} 個のニューロンが指定されています。最初の {most} 個を使いました",
    "url.neuron_empty": "n: ニューロン {number} が空です。無視しました",
    "url.neuron_long": "n: ニューロン {number} は {length} 文字あります。無視しました",
    "url.neuron_unusable": "n: ニューロン {number} に使える数がありません。無視しました",
    "url.no_neurons": "n: 使えるニューロンがありません。図のものを使いました",
    "url.extra": "{key}: {parts} より多く指定されています。余分は無視しました",
    "url.shape": "{key}: {value} は {shape} ではありません。無視しました",
    "url.more": "… リンクにはほかに {count} 件の問題があります",
    "url.refused": "リンクのネットワークは受け付けられませんでした ({problem})。図のものを使いました",
    "url.fallback": "リンクを読めませんでした。自由に遊ぶ画面を表示しています",
    "walk.range": "walk は 1 から {last} までのガイドのステップでなければなりません ({value} は使えません)",
    "url.walk_figure": "walk: ステップ {step} は図 {figure} です ({other} ではありません)。ステップ {step} を記事の図のとおりに開きました",
    # -- 入力された式 (model.expr) -----------------------------------------------------------------
    "expr.type": "式はテキストでなければなりません ({type} は使えません)",
    "expr.empty": "式が空です: sin(x) のような x の式を入力してください",
    "expr.length": "式の長さは {length} 文字です。上限は {limit} 文字です",
    "expr.depth": "式のかっこの入れ子が {limit} 段より深くなっています",
    "expr.tree_depth": "式の演算のつながりが長すぎます ({limit} 段を超えています)",
    "expr.syntax": "式が正しくありません: {reason} ({column} 列目)",
    "expr.name": "{name} は式で使える名前ではありません: 使えるのは x、pi、e です",
    "expr.bare_function": "{name} は関数です: {name}(x) のように呼び出してください",
    "expr.function": "{name} は式で呼べる関数ではありません。呼べるのは {known} です",
    "expr.call": "{what} は呼び出せません。式で呼べるのは {known} です",
    "expr.keyword": "{name} は名前付きの引数を取りません",
    "expr.arity": "{name} の引数は {expected} です ({count} ではありません)",
    "expr.caret": "式では ^ はべき乗ではありません: x の2乗は x**2 と書いてください",
    "expr.operator": "演算子 {op} は使えません。使えるのは + - * / と ** です",
    "expr.node": "{what} は式に使えません。使えるのは数、x、pi、e、+ - * / **、かっこと関数 {known} です",
    "expr.number": "数 {value} は大きすぎて有限の数になりません",
    "expr.exponent": "指数 {value} が大きすぎます: 定数の指数は ±{limit} の範囲でなければなりません",
    "expr.none_finite": "{formula} はグリッド上 ({count} 点) のどこでも有限の数になりません",
    "expr.masked": "{formula} は {total} 点のうち {count} 点 (x = {where}) で有限ではありません。その点は除きました",
    # -- 近づける目標 (model.target) ---------------------------------------------------------------
    "target.points": "目標の点は (x, y) のリストでなければなりません ({value} は使えません)",
    "target.point": "{where} は (x, y) でなければなりません ({value} は使えません)",
    "target.too_many": "目標の点は {most} 個までです ({count} 個は多すぎます)",
    "target.same_x": "目標の2つの点が同じ x にあります: 関数は各 x で値を1つしか持ちません",
    "target.points_only": "クリックした点は、その点の x でしか値を持ちません",
    "target.out_of_reach": "{what}は {bound} より{side}になることがありませんが、目標は {value} に達します: 届かせるには、{hint}",
    "target.what_second": "2層目の{activation}の出力",
    "target.what_sum": "出力の重みのない{activation}の曲線 {count} 本の和",
    "target.hint_second": "2層目をオフにしてください",
    "target.hint_output": "出力の重みをオンにしてください",
    # -- 学習 (model.training) ---------------------------------------------------------------------
    "train.not_finite": "{steps} ステップ後に学習が発散しました: 損失が {loss} になりました。止めて、損失が有限だった最後の重みを残しました",
    "train.grew": "{steps} ステップ後に学習が発散しました: 損失が {start} から {loss} に増えました。止めて、そのステップの前の重みを残しました (学習率を小さくしてみてください)",
    "train.too_large": "{steps} ステップ後に学習が発散しました: 重みが ±{limit} を超えそうになりました。止めて、範囲内だった最後の重みを残しました",
    "train.seed": "シードは 0 から 4294967295 までの整数でなければなりません ({value} は使えません)",
    # -- ほかのメッセージを埋める言葉 ---------------------------------------------------------------
    "word.more": "{shown} ほか {count} 件",
    "word.below": "下",
    "word.above": "上",
    "show.true": "真偽値 true",
    "show.false": "真偽値 false",
    "show.object": "{count} 個のフィールドを持つオブジェクト",
    "show.list": "{count} 個の要素のリスト",
    "show.huge": "非常に大きな整数",
    "show.type": "{type} 型の値",
    "show.trillion": "1兆を超える数",
    # -- 記事の図 (model.article): 題と説明 ----------------------------------------------
    "figure.free.title": "自由に遊ぶ",
    "figure.free.caption": "1つのシグモイドニューロンから始めます。重みを動かすと傾きが、バイアスを動かすと位置が変わります。ニューロンを追加して和に新しい曲がりが加わるのを見たり、2層目をオンにしていろいろな活性化関数を試したりしましょう。",
    "figure.nn6.title": "重みが傾きを決める",
    "figure.nn6.caption": "バイアス 0、重み 1 (赤)、0.5 (青)、2 (緑) の3つのシグモイドニューロン: 重みが大きいほど段差は急に、小さいほどなだらかになります。",
    "figure.nn7.title": "バイアスが曲線をずらす",
    "figure.nn7.caption": "重み 1、バイアス 0 (赤)、-1 (青)、1 (緑) の3つのシグモイドニューロン: バイアスは引き算されるので、大きいバイアスは曲線を右へ、小さいバイアスは左へ動かします。形は変わりません。",
    "figure.nn8.title": "2つのニューロンを足す",
    "figure.nn8.caption": "2つのシグモイドニューロン (赤、青) と、ネットワークの出力であるその和 (緑): 傾きも位置も違う2つの段差が合わさって、2段階で上がる曲線になります。",
    "figure.nn9.title": "3つのニューロン: より波打つ関数",
    "figure.nn9.caption": "3つ目のニューロン (オレンジ) が和に3つ目の段差を加えます。ニューロン1つごとに曲がりが1つ増えるので、ニューロンが多いほど複雑な関数を作れます。",
    "figure.nn10.title": "負の重みで曲線が下を向く",
    "figure.nn10.caption": "重み -2、バイアス -4 のオレンジのニューロンは左右が反転し、上がる代わりに下がります。和は上がってから下がるようになります。",
    "figure.nn11.title": "シグモイドの2層目はつぶす",
    "figure.nn11.caption": "nn10 の和 (緑) にもう1つシグモイドニューロン (黒) をかけます: 出力は (0, 1) に押し込められ、ほとんど平らです。シグモイドの層は前の層の信号を弱めます。深いシグモイドのネットワークの学習が難しかったのはこのためです。",
    "figure.nn12.title": "ReLU の和は角ばっていて下に凸",
    "figure.nn12.caption": "3つの ReLU ニューロンとその和: どれも折れ線なので、和は直線の集まりです。重み +1 で足すと折れ線は上向きにしか曲がれず、和はいつも下に凸になります。",
    "figure.nn13.title": "ReLU は和をそのまま通す",
    "figure.nn13.caption": "ReLU の和 (緑) を w2 = 1、b2 = 0 の2つ目の ReLU ニューロン (黒) に通します: 正の信号は変わらずに通るので、黒い曲線は緑の曲線にぴったり重なります。ReLU は信号を多くの層に伝えられるので、ReLU のネットワークは深くできます。",
    "figure.nn15.title": "2層目の負の重みが形を反転させる",
    "figure.nn15.caption": "w2 = -1、b2 = -10 の2層目は ReLU(10 - 和) を計算します: 下に凸の和が反転して、上に凸のふたの形になります。下に凸と上に凸の部品を組み合わせれば、どんな形でも作れます。",
    "figure.nn16.title": "Mish の形",
    "figure.nn16.caption": "Mish、x·tanh(ln(1 + eˣ)) そのもの (重み 1、バイアス 0 の1つのニューロン): なめらかな ReLU のようで、負の入力では 0 より少し下にくぼみます。",
    "figure.nn17.title": "Mish: ReLU に似て、なめらか",
    "figure.nn17.caption": "nn12 の ReLU のネットワークを Mish にしたもの: 全体の形は同じですが、角はなめらかで、ReLU なら 0 で平らな所がわずかに負になります。",
    "figure.nn18.title": "Mish: なめらかで深い",
    "figure.nn18.caption": "nn15 の反転を Mish で、x は -5 から 10 まで: 2層目は ReLU のように信号を強く保ち、シグモイドのようになめらかです。",
    # -- 活性化関数 (model.activations): 名前、グループ、説明 --------------------------------------
    "group.From the article": "記事から",
    "group.ReLU family": "ReLU の仲間",
    "group.Squashing": "押しつぶす関数",
    "group.Other": "その他",
    "activation.sigmoid.label": "シグモイド",
    "activation.sigmoid.description": "どんな入力も (0, 1) に押し込めます: なめらかな段差です。",
    "activation.relu.label": "ReLU",
    "activation.relu.description": "負の入力では 0、それ以外は入力そのもの: 折れ線です。",
    "activation.mish.label": "Mish",
    "activation.mish.description": "負の入力で 0 より少し下にくぼむ、なめらかな ReLU です。",
    "activation.tanh.label": "tanh",
    "activation.tanh.description": "どんな入力も (-1, 1) に押し込めます: 0 を中心にしたシグモイドです。",
    "activation.leaky_relu.label": "Leaky ReLU",
    "activation.leaky_relu.description": "0 より下で傾き 0.01 の ReLU。オフのニューロンにも勾配が流れるので、死んだままになりません。GAN の識別器で使われます。",
    "activation.elu.label": "ELU",
    "activation.elu.description": "0 より上では ReLU、下では −1 までなめらかに下がる曲線: 出力の平均が 0 に近くなり、深いネットワークの学習が速くなりました (Clevert ら、2015)。",
    "activation.gelu.label": "GELU (tanh 近似)",
    "activation.gelu.description": "GELU、z·Φ(z) の tanh による近似で、BERT や GPT-2 が使うもの: 標準正規分布の値が z より小さくなる確率で z を縮める、なめらかな ReLU です。",
    "activation.silu.label": "SiLU / Swish",
    "activation.silu.description": "z·σ(z)。自動探索で見つかりました (Swish): 小さなくぼみのある、なめらかな ReLU で、EfficientNet や、SwiGLU として LLaMA で使われます。",
    "activation.softplus.label": "Softplus",
    "activation.softplus.description": "決して 0 にならず、傾きがシグモイドになる、なめらかな ReLU。標準偏差のように出力が正でなければならない所で使われます。",
    "activation.step.label": "ステップ関数 (ヘヴィサイド)",
    "activation.step.description": "最初のパーセプトロンの、全か無かの出力 (ちょうど 0 では ½): 傾きがある所ではどこでも 0 なので、勾配降下法では学習できません。",
    "activation.gaussian.label": "ガウス関数",
    "activation.gaussian.description": "段差の代わりに山の形。放射基底関数ネットワークのように、各ニューロンは w·x = b の近くでだけ反応します。",
    "activation.sine.label": "正弦関数",
    "activation.sine.description": "周期的: SIREN ネットワークは画像や音や形を細かく表すのにこれを使います。ニューロンが少しあるだけで波ができます。",
    "activation.identity.label": "恒等関数 (なし)",
    "activation.identity.description": "活性化なし: ニューロンや層をいくつ重ねても、ネットワークは直線のままです。回帰の出力に使われます。",
    # -- ページ: 言語、図、編集、隠れ層、カード、出力の重み、2層目、曲線 ---------------------
    "lang.en": "English",
    "lang.ja": "日本語",
    "ui.language": "言語",
    "ui.language_about": "ページのすべての言葉の言語です。リンクにも残ります",
    "ui.figure_about": "自由に試すか、記事の図のどれかをそのとおりに開きます",
    "ui.figure": "図",
    "ui.figure.free": "自由に試す",
    "ui.figure.option": "{id}: {title}",
    "ui.activation": "活性化関数",
    "ui.edit.undo": "↶ 元に戻す",
    "ui.edit.undo_about": "最後の編集を取り消します",
    "ui.edit.redo": "↷ やり直す",
    "ui.edit.redo_about": "取り消した編集をもう一度行います",
    "ui.edit.reset": "↺ 図に戻す",
    "ui.edit.reset_about": "記事の図のとおりの状態に戻します",
    "ui.edit.reset_aria": "図に戻す",
    "ui.layer.heading": "隠れ層",
    "ui.layer.count_one": "ニューロン {n} 個",
    "ui.layer.count": "ニューロン {n} 個",
    "ui.layer.add": "+ ニューロンを追加",
    "ui.layer.add_about": "層にニューロンを1つ追加します",
    "ui.layer.full": "1つの層に入るニューロンは {most} 個までです",
    "ui.layer.picker": "編集するニューロン",
    "ui.card.neuron": "ニューロン {n}",
    "ui.card.weight": "重み w",
    "ui.card.bias": "バイアス b",
    "ui.card.bias_help": "バイアスは引き算されます、act(w·x − b)。b を大きくすると曲線が右へ動きます。",
    "ui.card.output": "出力の重み v",
    "ui.card.show": "表示",
    "ui.card.show_about": "ニューロン {n} を表示",
    "ui.card.remove": "削除",
    "ui.card.remove_about": "ニューロン {n} を削除",
    "ui.number.type": "{label} の値を入力 (±1e6 の範囲の任意の値)",
    "ui.number.aria": "{subject} の{label}",
    "ui.number.aria_box": "{name} (入力欄)",
    "ui.outputs.switch": "出力の重み: 和 = Σ v·ニューロン + c",
    "ui.outputs.help": (
        "各ニューロンの曲線が v·act(w·x − b) になり、和に c が加わります。オフのときは記事と同じく、"
        "v はすべて 1、c は 0 です。"
    ),
    "ui.outputs.c": "出力のバイアス c",
    "ui.outputs.subject": "隠れ層",
    "ui.second.switch": "2層目: y = act(w2·和 − b2)",
    "ui.second.subject": "2層目",
    "ui.second.w2": "重み w2",
    "ui.second.b2": "バイアス b2",
    "ui.curves.heading": "曲線",
    "ui.curves.sum": "和を表示",
    "ui.curves.deep": "2層目を表示",
    "ui.curves.y_auto": "y の範囲を自動で合わせる",
    "ui.curves.slope": "傾き dy/dx (導関数の表示)",
    "ui.curves.safe": "色覚に配慮した配色",
    "ui.network.heading": "ネットワーク",
    "ui.fit.heading": "形を当てはめる",
    "ui.train.heading": "学習 (サーバーで計算)",
    "ui.files.open_heading": "保存したネットワークを開く (JSON):",
    # -- ページ: リンク、コード、ファイル、お知らせ ------------------------------------------------
    "ui.link.copy": "リンクをコピー",
    "ui.link.copy_about": "このネットワークをそのまま開き直せるリンクをコピーします",
    "ui.link.copied": "リンクをコピーしました ✓",
    "ui.link.prompt": "このリンクをコピーしてください:",
    "ui.code.copy": "コードとしてコピー",
    "ui.code.copy_about": "この曲線を描き直す短い Python スクリプト (numpy と matplotlib) をコピーします",
    "ui.code.copied": "コピーしました ✓",
    "ui.code.from_box": "下の欄からコピーしてください",
    "ui.code.refused": "ブラウザがコピーを許可しませんでした。下のスクリプトを選んでコピーしてください。",
    "ui.code.box_aria": "スクリプト (Python)",
    "ui.files.save_json": "JSON で保存",
    "ui.files.save_json_about": "このネットワークを JSON 文書として保存します",
    "ui.files.download": "HTML をダウンロード",
    "ui.files.download_about": "このページを、サーバーなしで開ける1つの HTML ファイルとして保存します",
    "ui.files.open_about": "JSON で保存したネットワークを開く",
    "ui.files.choose": "ファイルを選ぶ…",
    "ui.files.none": "まだファイルを開いていません",
    "ui.files.chosen": "選んだファイル: {name}",
    "ui.files.the_file": "ファイル",
    "ui.files.opened": "{name} を開きました。",
    "ui.files.not_opened": "{name} を開けませんでした: {problem}",
    "ui.files.too_big": (
        "'{name}' を開けませんでした: 大きさが {size} ({bytes} バイト) あります。nnshape が開ける"
        "文書は {limit} ({limit_bytes} バイト) までです。"
    ),
    "ui.notice.put_aside": "{old}で行った編集は脇に置きました。「元に戻す」で取り戻せます。",
    "ui.notice.free_play": "「自由に試す」",
    "ui.notice.figure": "図 {figure} ",
    "ui.notice.y_fit": (
        "y 軸を曲線に合わせました: 図の範囲 ({low} から {high}) では {curves} が隠れてしまいます。"
        "元の範囲に戻すには「y の範囲を自動で合わせる」のチェックを外してください。"
    ),
    "ui.notice.curve_sum": "和",
    "ui.notice.curve_deep": "2層目の出力",
    "ui.notice.curve_neuron": "ニューロン {n}",
    "ui.notice.curve_more": "ほか {count} 本の曲線",
    "ui.notice.list_two": "{first}と{last}",
    "ui.notice.list_more": "{first}・{rest}",
    "ui.refused.named": "適用しませんでした: {kind}「{title}」は {value} にできません。その値はありません。",
    "ui.refused.unnamed": "適用しませんでした: {kind}は {value} にできません。その値はありません。",
    "ui.refused.that_value": "その値",
    "ui.refused.kind.slider": "スライダー",
    "ui.refused.kind.menu": "メニュー",
    "ui.refused.kind.buttons": "ボタン",
    "ui.refused.kind.check_box": "チェックボックス",
    "ui.refused.kind.box": "入力欄",
    "ui.refused.not_applied": "適用しませんでした: {why}。",
    "ui.refused.not_number": "{text} は数ではありません",
    "ui.server.broken": (
        "申し訳ありません。nnshape はこのページを作れませんでした。再読み込みしてもう一度お試しください。"
        "何度も起きる場合は、サーバーのログに詳細があります。"
    ),
    "ui.server.wrong_host": "このサーバーの名前ではありません",
    "ui.server.wrong_host_text": "この nnshape サーバーは {host} という名前には応答しません。",
    "ui.server.wrong_host_fix": (
        "このサーバーを動かしていて、この名前が本当にあなたのものなら、--allow-host {name} を付けて"
        "起動してください。"
    ),
    "ui.server.too_long": "このリンクは長すぎます",
    "ui.server.too_long_text": (
        "このリンクは {length} 文字あります。nnshape が開けるリンクは {limit} 文字までです。"
        "「JSON で保存」で保存したネットワークは、大きさにかかわらず「ファイルを選ぶ…」で開けます。"
    ),
    "ui.server.too_long_link": "リンクなしで nnshape を開く",
    "ui.server.too_large": "このリクエストは大きすぎます",
    "ui.server.too_large_text": (
        "ヘッダーが {size} バイトあります。nnshape が読むのは {limit} バイトまでです。"
        "このサイトの Cookie を消すと、たいてい直ります。"
    ),
    "ui.server.open": "nnshape を開く",
    "ui.server.busy": "nnshape は混み合っています",
    "ui.server.busy_text": (
        "訪れた人のページを1つずつ作っていて、今はお待たせしすぎてしまいます。"
        "このページは {wait} 秒後に自動でもう一度試します。"
    ),
    "ui.server.too_many": "一度に開かれたページが多すぎます",
    "ui.server.too_many_text": (
        "あなたのアドレス ({address}) からの {most} 個のページが、待っているか、まだ開かれていません。"
        "このページは {wait} 秒後に自動でもう一度試します。"
    ),
    "ui.server.joining": "このリンクはセッションを指定しています",
    "ui.server.joining_text": (
        "nnshape は訪れた人それぞれに専用のセッションを用意します。リンクでほかの人のセッションは"
        "開けません。"
    ),
    "ui.server.joining_link": "その部分を除いてリンクを開く",
    "ui.server.not_here": "ここでは使えません",
    "ui.server.not_here_text": "nnshape はほかのページに埋め込んで使うことはできません。",
    # -- ページ: 形を当てはめる、学習 -----------------------------------------------------------
    "ui.fit.target": "目標",
    "ui.fit.target_about": "ネットワークの出力を近づける形",
    "ui.fit.none": "なし",
    "ui.fit.shape.sin": "正弦 sin x",
    "ui.fit.shape.abs": "絶対値 |x|",
    "ui.fit.shape.step": "段差",
    "ui.fit.shape.square": "2乗 x²",
    "ui.fit.shape.bump": "ガウス関数の山",
    "ui.fit.shape.sawtooth": "のこぎり波",
    "ui.fit.shape.nielsen": "Nielsen の関数 ([0, 1])",
    "ui.fit.figure_option": "{id} の出力: {title}",
    "ui.fit.points": "クリックした点",
    "ui.fit.formula": "入力した式",
    "ui.fit.formula_placeholder": "例: 0.5*sin(3*x) + x**2",
    "ui.fit.formula_aria": "目標の x の式",
    "ui.fit.points_help": (
        "出力を当てはめる図をクリックかタップすると点が加わり、点をもう一度クリックすると消えます。"
    ),
    "ui.fit.formula_help": (
        "x の式、たとえば 0.5*sin(3*x) + x**2 (Enter で決定)。使えるのは + - * / **、"
        "sin cos tan exp log sqrt abs tanh min max、pi と e です。"
    ),
    "ui.fit.not_applied": "適用しませんでした: {why}。",
    "ui.fit.label.figure": "{id} の出力",
    "ui.fit.label.points": "クリックした点",
    "ui.train.play": "▶ 学習",
    "ui.train.pause": "一時停止",
    "ui.train.step": "1ステップ",
    "ui.train.reset": "初期化",
    "ui.train.reset_about": "新しいランダムな初期値から始め直します (シード + 1)",
    "ui.train.rewind": "巻き戻す",
    "ui.train.rewind_about": "学習を始めたときの重みにそのまま戻します",
    "ui.train.optimiser": "最適化手法",
    "ui.train.optimiser.adam": "Adam 法",
    "ui.train.optimiser.sgd": "確率的勾配降下法 (SGD)",
    "ui.train.optimiser.momentum": "モメンタム法",
    "ui.train.learning_rate": "学習率",
    "ui.train.seed": "シード",
    "ui.train.counter": "ステップ {step} · 損失 {loss}{sharing}",
    "ui.train.rate": " · 毎秒 {rate} ステップ",
    "ui.train.sharing_one": "、ほかの 1 人とサーバーを共有中",
    "ui.train.sharing": "、ほかの {others} 人とサーバーを共有中",
    "ui.train.follows": "。曲線は毎秒 {times} 回更新されます",
    "ui.train.no_target": "学習で近づける目標を選んでください (上の「形を当てはめる」)。",
    "ui.train.no_slope": "{activation} にはたどる傾きがありません: ほかの活性化関数を選んでください。",
    "ui.train.not_applied": "適用しませんでした: {why}。",
    "ui.train.rate_not_number": "学習率が数ではありません",
    "ui.train.stopped": "学習を止めました: {why}",
    "ui.train.hand": "一時停止しました: 手でネットワークを動かしたので、手が優先です。",
    "ui.train.loss": "損失",
    "ui.train.loss_axis": "損失 (MSE)",
    "ui.train.step_axis": "ステップ",
    "plot.fit.score": "目標 {label}: MSE {mse} · 最大誤差 {max}",
    "plot.fit.click": "目標 {label}: 図をクリックかタップして点を加えてください",
    "plot.fit.nothing": "目標 {label}: 比べる点がありません",
    "plot.fit.not_finite": "有限でない",
    "plot.fit.legend": "目標",
    "ui.fit.cli.result": (
        "最終 MSE {mse}、最大誤差 {max} ({optimiser} で {steps} ステップ、{activation} の"
        "ニューロン {count} 個、目標 {target})"
    ),
    "ui.fit.cli.wrote": "{path} に書き出しました",
    "ui.fit.cli.cannot_write": "{path} に書き込めません: {reason}",
    # -- ページ: プロット、数式、図式、深さ、傾き、説明 -------------------------------------------
    "plot.hidden.both": "隠れ層: 各ニューロンとその和",
    "plot.hidden.sum": "隠れ層: ニューロンの和",
    "plot.hidden.neurons": "隠れ層: 各ニューロン",
    "plot.second.on": "2層目: 和にもう1つのニューロンをかけたもの",
    "plot.second.off": "2層目: オフ (下のスイッチでオンにできます)",
    "plot.axis.output": "出力",
    "plot.legend.sum": "和",
    "plot.legend.second": "2層目",
    "plot.legend.neuron": "ニューロン {n}",
    "plot.hover": "カーソル位置の曲線の値",
    "plot.tip.neuron_slope": "ニューロン {n} の dy/dx",
    "plot.tip.sum_slope": "和の dy/dx",
    "plot.tip.second_slope": "2層目の dy/dx",
    "plot.dash.solid": "実線",
    "plot.dash.dashed": "破線",
    "plot.dash.dotted": "点線",
    "plot.dash.dotdash": "点と線の鎖線",
    "plot.dash.dashdot": "線と点の鎖線",
    "plot.describe.over": "x が {lo} から {hi} の範囲",
    "plot.describe.span": "{lo} から {hi} まで",
    "plot.describe.no_values": "有限の値なし",
    "plot.describe.neuron": "ニューロン {n}、{formula}、{dash}: {span}",
    "plot.describe.sum_one": "1 個のニューロンの和、太い緑の線: {span}",
    "plot.describe.sum": "{n} 個のニューロンの和、太い緑の線: {span}",
    "plot.describe.second": "2層目 y = {formula}、黒い線: {span}",
    "plot.describe.second_off": "2層目はオフです",
    "plot.describe.sum_var": "和",
    "plot.describe.hidden": "隠れ層の図 ({over})。{items}。",
    "plot.describe.second_plot": "2層目の図 ({over})。{items}。",
    "plot.describe.nothing": "表示している曲線はありません",
    "plot.slope.title": "傾き dy/dx",
    "plot.slope.deep": "傾き dy/dx: 各ニューロン、和、2層目",
    "plot.slope.both": "傾き dy/dx: 各ニューロンと和",
    "plot.slope.neuron": "ニューロン {n} の寄与: {span}",
    "plot.slope.sum": "和の傾き: {span}",
    "plot.slope.second": "2層目の傾き: {span}",
    "plot.slope.describe": "傾き dy/dx の図。{items}。",
    "ui.formula.heading": "数式",
    "ui.diagram.neuron": "ニューロン {n}: 重み {weight}、バイアス {bias}",
    "ui.diagram.second": "2層目: 重み {weight}、バイアス {bias}",
    "ui.diagram.count_one": "隠れ層のニューロン {n} 個",
    "ui.diagram.count": "隠れ層のニューロン {n} 個",
    "ui.diagram.aria": "ネットワークの図式: {label}",
    "ui.caption.edited": "{origin} から編集しました",
    "ui.caption.free": "自由に試す",
    "ui.caption.figure": "図 {id}: {title}",
    "ui.caption.edited_text": (
        "このネットワークは図から変更されているため、図の説明はもう当てはまりません。"
        "元に戻すで1つ前の編集を取り消し、図に戻すで図のとおりに戻せます。"
    ),
    "ui.caption.safe": (
        "色覚の多様性に配慮した色で描いています。説明の色は記事の色です。ここでは和が黒、"
        "2層目が朱色で、各ニューロンはカードと同じ色です。"
    ),
    "plot.depth.title_one": "{name}: 1層を通した出力",
    "plot.depth.title": "{name}: {k}層それぞれを通した出力",
    "plot.depth.sum": "隠れ層の和",
    "plot.depth.bar": "層",
    "plot.depth.range_title": "k層を通した出力の幅 (最大 − 最小)",
    "plot.depth.steep_title": "k層を通した出力のいちばん急な傾き max |dy/dx|",
    "plot.depth.range_axis": "幅",
    "plot.depth.stacked_axis": "重ねた層の数 (0: 隠れ層の和)",
    "plot.depth.layers_one": "{name}の1層",
    "plot.depth.layers": "{name}の{k}層",
    "plot.depth.flat": "{name}では隠れ層の和が平ら (幅が0) なので、消えていくものがありません。",
    "plot.depth.after": "{first}を通すと出力の幅は和の {a} 倍、{second}を通すと {b} 倍です。",
    "plot.depth.undefined": "定まりません (和が平ら)",
    "plot.depth.own": "{range}各層は w = {w}、b = {b} を使います。ただし {own} 層は独自の値です。",
    "plot.depth.shared": "{range}どの層も w = {w}、b = {b} を使います。",
    "plot.depth.describe_layer": "{k}層目 {span}",
    "plot.depth.describe_plot": (
        "隠れ層の和 ({span}) を{layers}に通した図。各層で w·y − b を{name}に通します: {items}。"
    ),
    "plot.depth.describe_item": "{name}: 和で {first}、{k}層で {at}、{deepest}層で {last}",
    "plot.depth.describe_range": "0〜{deepest}層を通した出力の幅、対数目盛: {items}。",
    "plot.depth.describe_steep": (
        "0〜{deepest}層を通したいちばん急な傾き max |dy/dx|、対数目盛: {items}。"
    ),
    "ui.depth.heading": "深さ",
    "ui.depth.about": "2層目のニューロンを隠れ層の和に積み重ねます。k層目の計算は {formula} です。",
    "ui.depth.question": "深いシグモイドのネットワークでは信号が消えていきます。ReLU ではどうでしょう?",
    "ui.depth.open": "深さを調べる画面を表示",
    "ui.depth.building": "深さを調べる画面を準備しています…",
    "ui.depth.table_help": (
        "層ごとの w や b を入力できます。欄を空にすると共通の値に戻ります。"
        "グラフは1〜20層を使います。"
    ),
    "ui.depth.depth": "深さ: 重ねる層の数",
    "ui.depth.weight": "w: 全層の重み",
    "ui.depth.bias": "b: 全層のバイアス",
    "ui.depth.reset": "全層を共通の w と b に戻す",
    "ui.depth.layer": "層",
    "ui.depth.own": "{k} (独自)",
    "ui.depth.box": "{k}層目の {which}",
    "ui.depth.not_applied": "反映しませんでした: {why}。",
    "ui.depth.not_number": "{value} は数ではありません",
    "ui.depth.file_heading": "深さ: 2層目のニューロンを隠れ層の和に積み重ねる",
    "ui.depth.file_own": "書き出した時点で独自の値を持つ層: {layers}。",
    "ui.depth.file_layer": "{k}層目: w = {w}、b = {b}",
    "ui.depth.file_note": (
        "層ごとの値を入力するには nnshape 本体 ({command}) が必要です。ここのスライダーは動きます。"
    ),
    # -- 書き出したファイル ------------------------------------------------------------------
    "ui.file.no_neurons": (
        "ニューロンの追加と削除には nnshape 本体 ({command}) が必要です。ほかはすべてここで動きます。"
    ),
    "ui.file.target_shown": "ネットワークと一緒に書き出した目標を、ここで描いて採点します。",
    "ui.file.target_needs": (
        "目標を選ぶこと、図に点を打つこと、学習には nnshape 本体 ({command}) が必要です。"
    ),
    "ui.file.exported": (
        "{when} に nnshape から書き出しました。書き出したときのネットワークを nnshape で開き直すには、"
        "{command} を実行して {link} を開くか、下の JSON を保存してそこで開いてください。"
    ),
    "ui.file.json": "書き出したネットワーク (JSON)",
}
