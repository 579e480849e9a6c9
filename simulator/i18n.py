"""The app's interface strings in Chinese and English, looked up by key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from textual.dom import DOMNode

UILang = Literal["zh", "en"]

STRINGS: dict[str, dict[str, str]] = {
    # -- app-wide ------------------------------------------------------------
    "app.title": {"zh": "异议道场", "en": "Objection Dojo"},
    "app.subtitle": {
        "zh": "客户异议与投诉处理练习",
        "en": "Practise handling objections and complaints",
    },
    "key.quit": {"zh": "退出", "en": "Quit"},
    "key.help": {"zh": "帮助", "en": "Help"},
    "key.palette": {"zh": "命令", "en": "Commands"},
    "key.back": {"zh": "返回", "en": "Back"},
    "key.close": {"zh": "关闭", "en": "Close"},
    "cmd.new_session": {"zh": "新练习", "en": "New session"},
    "cmd.new_session.help": {
        "zh": "回到场景列表,选一个场景开始练习",
        "en": "Go to the scenario list and pick a scenario to practise",
    },
    "cmd.help": {"zh": "帮助:六种异议处理技巧", "en": "Help: the six techniques"},
    "cmd.help.help": {
        "zh": "每种技巧的做法和教材中的例子",
        "en": "What each technique does, with the source's examples",
    },
    "cmd.theme": {"zh": "切换深色/浅色主题", "en": "Toggle dark/light theme"},
    "cmd.theme.help": {
        "zh": "在深色和浅色主题之间切换",
        "en": "Switch between the dark and light themes",
    },
    "cmd.lang": {"zh": "Switch UI to English", "en": "界面切换为中文"},
    "cmd.lang.help": {
        "zh": "界面语言;场景仍用它自己的语言",
        "en": "The interface language; scenarios keep their own",
    },
    "cmd.hr": {"zh": "人力资源视图", "en": "HR view"},
    "cmd.hr.help": {"zh": "查看全体学员的练习记录", "en": "Practice records of all trainees"},
    "cmd.trainee": {"zh": "更换学员", "en": "Change trainee"},
    "cmd.trainee.help": {"zh": "设置现在是谁在练习", "en": "Set who is practising"},
    "theme.changed": {"zh": "主题:{theme}", "en": "Theme: {theme}"},
    "lang.changed": {"zh": "界面语言:中文", "en": "Interface language: English"},
    # -- errors and warnings -------------------------------------------------
    "store.error.title": {"zh": "无法打开练习记录", "en": "Records database unavailable"},
    "store.error.body": {
        "zh": "{message}\n可以继续练习,但不会保存记录。",
        "en": "{message}\nYou can still practise, but nothing will be recorded.",
    },
    "store.not_recording": {
        "zh": "⚠ 不保存记录:练习记录数据库无法打开({path})",
        "en": "⚠ Not recording: the records database could not be opened ({path})",
    },
    "store.write_failed.title": {"zh": "记录没有保存", "en": "Record not saved"},
    "store.write_failed.body": {
        "zh": "{message}\n本次练习继续,但之后的回合不再记录。",
        "en": "{message}\nThe session goes on, but the rest of it will not be recorded.",
    },
    "settings.error.title": {"zh": "设置文件有问题", "en": "Settings problem"},
    "scenarios.broken.title": {
        "zh": "有场景文件无法加载",
        "en": "Some scenario files could not be loaded",
    },
    "scenarios.broken.body": {
        "zh": "{count} 个文件无法加载:{names}。其余场景可以照常练习;详情见“问题”页,或运行 dojo validate。",
        "en": "{count} file(s) could not be loaded: {names}. The other scenarios work; see the Problems tab, or run dojo validate.",
    },
    "scenarios.broken.banner": {
        "zh": "⚠ {count} 个场景文件无法加载:{names}(见“问题”页)",
        "en": "⚠ {count} scenario file(s) could not be loaded: {names} (see the Problems tab)",
    },
    "scenarios.none": {
        "zh": "没有可练习的场景。用 --scenarios 指定场景文件夹,或运行 dojo scenarios new 新建一个。",
        "en": "No scenarios to practise. Give a folder with --scenarios, or create one with dojo scenarios new.",
    },
    "hr.unavailable": {
        "zh": "人力资源视图在这个版本中不可用:{message}",
        "en": "The HR view is not available in this version: {message}",
    },
    "resume.failed.title": {"zh": "无法继续这次练习", "en": "Cannot resume the session"},
    "resume.missing": {
        "zh": "场景 {scenario} 已不在场景库中,这次练习无法继续;已标记为放弃。",
        "en": "Scenario {scenario} is no longer in the library, so the session cannot be resumed; it was marked abandoned.",
    },
    "error.ok": {"zh": "知道了", "en": "OK"},
    # -- trainee -------------------------------------------------------------
    "trainee.title": {"zh": "谁在练习?", "en": "Who is practising?"},
    "trainee.prompt": {
        "zh": "输入你的名字,练习记录会记在这个名字下(下次会记住)。",
        "en": "Type your name; your sessions are recorded under it (remembered next time).",
    },
    "trainee.placeholder": {"zh": "你的名字", "en": "Your name"},
    "trainee.empty": {"zh": "名字不能为空", "en": "The name cannot be empty"},
    "trainee.save": {"zh": "确定", "en": "OK"},
    "trainee.cancel": {"zh": "取消", "en": "Cancel"},
    "trainee.label": {"zh": "学员:{name}", "en": "Trainee: {name}"},
    "trainee.unknown": {"zh": "(未设置)", "en": "(not set)"},
    # -- home ----------------------------------------------------------------
    "home.filter.language": {"zh": "语言", "en": "Language"},
    "home.filter.kind": {"zh": "类型", "en": "Kind"},
    "home.filter.industry": {"zh": "行业", "en": "Industry"},
    "home.filter.difficulty": {"zh": "难度", "en": "Difficulty"},
    "home.search": {"zh": "搜索标题、标签…", "en": "Search title, tags…"},
    "home.tab.scenarios": {"zh": "场景", "en": "Scenarios"},
    "home.tab.recent": {"zh": "最近练习", "en": "Recent"},
    "home.tab.problems": {"zh": "问题 ({count})", "en": "Problems ({count})"},
    "home.col.title": {"zh": "场景", "en": "Scenario"},
    "home.col.language": {"zh": "语言", "en": "Lang"},
    "home.col.kind": {"zh": "类型", "en": "Kind"},
    "home.col.industry": {"zh": "行业", "en": "Industry"},
    "home.col.difficulty": {"zh": "难度", "en": "Level"},
    "home.col.best": {"zh": "最佳", "en": "Best"},
    "home.col.when": {"zh": "时间", "en": "When"},
    "home.col.score": {"zh": "得分", "en": "Score"},
    "home.col.status": {"zh": "状态", "en": "Status"},
    "home.col.level": {"zh": "满意程度", "en": "Satisfaction"},
    "home.col.file": {"zh": "文件", "en": "File"},
    "home.col.problem": {"zh": "问题", "en": "Problem"},
    "home.timed.on": {"zh": "计时模式:开", "en": "Timed mode: on"},
    "home.timed.off": {"zh": "计时模式:关", "en": "Timed mode: off"},
    "home.count": {"zh": "{shown}/{total} 个场景", "en": "{shown} of {total} scenarios"},
    "home.no_match": {"zh": "没有符合条件的场景", "en": "No scenario matches the filters"},
    "home.no_recent": {"zh": "还没有练习记录", "en": "No sessions yet"},
    "home.detail": {
        "zh": "客户:{name},{role}。期望:{expectation}",
        "en": "Customer: {name}, {role}. Expects: {expectation}",
    },
    "home.start_hint": {"zh": "按 Enter 开始", "en": "Press Enter to start"},
    "key.start": {"zh": "开始", "en": "Start"},
    "key.timed": {"zh": "计时", "en": "Timed"},
    "key.trainee": {"zh": "学员", "en": "Trainee"},
    "key.search": {"zh": "搜索", "en": "Search"},
    "kind.objection": {"zh": "异议", "en": "Objection"},
    "kind.complaint": {"zh": "投诉", "en": "Complaint"},
    "lang.zh": {"zh": "中文", "en": "Chinese"},
    "lang.en": {"zh": "英文", "en": "English"},
    "status.finished": {"zh": "完成", "en": "finished"},
    "status.unfinished": {"zh": "未完成", "en": "unfinished"},
    "status.open": {"zh": "进行中", "en": "in progress"},
    "status.abandoned": {"zh": "已放弃", "en": "abandoned"},
    # -- resume --------------------------------------------------------------
    "resume.title": {"zh": "有未完成的练习", "en": "Unfinished sessions"},
    "resume.prompt": {
        "zh": "上次有练习没有结束。可以接着练,或者放弃它。",
        "en": "A session did not end last time. Carry on with it, or give it up.",
    },
    "resume.item": {
        "zh": "{title} · 开始于 {started} · 已答 {turns} 轮",
        "en": "{title} · started {started} · {turns} replies so far",
    },
    "resume.resume": {"zh": "继续练习", "en": "Resume"},
    "resume.abandon": {"zh": "放弃", "en": "Abandon"},
    "resume.later": {"zh": "以后再说", "en": "Later"},
    "resume.abandoned": {"zh": "已放弃:{title}", "en": "Abandoned: {title}"},
    # -- practice ------------------------------------------------------------
    "practice.you": {"zh": "你", "en": "You"},
    "practice.mood": {"zh": "情绪", "en": "Mood"},
    "practice.satisfaction": {"zh": "满意度", "en": "Satisfaction"},
    "practice.timer": {"zh": "剩余 {seconds} 秒", "en": "{seconds}s left"},
    "practice.timer.over": {"zh": "已超时 {seconds} 秒", "en": "{seconds}s over time"},
    "practice.steps": {"zh": "投诉处理步骤", "en": "Complaint steps"},
    "practice.turn": {"zh": "第 {n} 轮 · 平均分 {score}", "en": "Turn {n} · average {score}"},
    "practice.placeholder": {
        "zh": "输入你的回答,Enter 发送,Ctrl+J 换行",
        "en": "Type your reply; Enter sends, Ctrl+J adds a line",
    },
    "practice.hint": {"zh": "提示(扣 {cost} 分)", "en": "Hint (costs {cost} points)"},
    "practice.hint.none": {"zh": "这一步没有提示。", "en": "There is no hint for this step."},
    "practice.revealed": {
        "zh": "真实原因浮出水面:{reason}",
        "en": "The real reason came out: {reason}",
    },
    "practice.impatient": {
        "zh": "回答超时,客户不耐烦了",
        "en": "Too slow: the customer grew impatient",
    },
    "practice.ended": {"zh": "对话结束:{outcome}", "en": "The conversation ended: {outcome}"},
    "practice.no_answers": {
        "zh": "先回答一次,才能看到这一步的范例回答。",
        "en": "Reply once first; then the model answers for that step are shown.",
    },
    "practice.stop.title": {"zh": "结束这次练习?", "en": "Stop this session?"},
    "practice.stop.body": {
        "zh": "练习会记为“未完成”,并给出评估。",
        "en": "It will be recorded as unfinished and evaluated as it stands.",
    },
    "practice.stop.yes": {"zh": "结束", "en": "Stop"},
    "practice.stop.no": {"zh": "继续练习", "en": "Keep going"},
    "key.send": {"zh": "发送", "en": "Send"},
    "key.newline": {"zh": "换行", "en": "New line"},
    "key.hint": {"zh": "提示", "en": "Hint"},
    "key.answers": {"zh": "范例", "en": "Model answers"},
    "key.stop": {"zh": "结束", "en": "Stop"},
    # -- feedback ------------------------------------------------------------
    "feedback.technique": {
        "zh": "识别为:{technique}(置信度 {confidence:.0%})",
        "en": "Detected: {technique} ({confidence:.0%} sure)",
    },
    "feedback.runner_up": {"zh": "其次:{technique}", "en": "next: {technique}"},
    "feedback.recommended": {"zh": "推荐:{techniques}", "en": "Recommended: {techniques}"},
    "feedback.matched": {"zh": "✓ 用了推荐的技巧", "en": "✓ a recommended technique"},
    "feedback.not_matched": {"zh": "✗ 不是推荐的技巧", "en": "✗ not a recommended technique"},
    "feedback.score": {
        "zh": "得分 {total}  =  技巧匹配 {fit}/40 + 执行 {execution}/35 + 切题 {relevance}/25",
        "en": "Score {total}  =  fit {fit}/40 + execution {execution}/35 + relevance {relevance}/25",
    },
    "feedback.hint_cost": {"zh": "用了提示 −{cost}", "en": "hint used −{cost}"},
    "feedback.evidence": {"zh": "依据:", "en": "Evidence: "},
    "feedback.no_evidence": {"zh": "(没有明显的技巧用语)", "en": "(no clear technique wording)"},
    "feedback.tip": {"zh": "建议:{tip}", "en": "Tip: {tip}"},
    "feedback.flag": {"zh": "⚑ {message}", "en": "⚑ {message}"},
    "answers.title": {"zh": "范例回答", "en": "Model answers"},
    "answers.for": {"zh": "客户说:{line}", "en": "The customer said: {line}"},
    # -- end -----------------------------------------------------------------
    "end.title": {"zh": "练习总结 · {title}", "en": "Session summary · {title}"},
    "end.outcome": {"zh": "结果:{outcome}", "en": "Outcome: {outcome}"},
    "end.unfinished": {"zh": "结果:未完成", "en": "Outcome: unfinished"},
    "end.total": {
        "zh": "总分 {total}(及格线 {pass_mark})",
        "en": "Total {total} (pass mark {pass_mark})",
    },
    "end.passed": {"zh": "及格", "en": "passed"},
    "end.failed": {"zh": "未及格", "en": "not passed"},
    "end.not_graded": {"zh": "未完成,不评定及格", "en": "unfinished, not graded"},
    "end.hints": {"zh": "用了 {count} 次提示", "en": "{count} hint(s) used"},
    "end.turns": {"zh": "每轮回答", "en": "Your replies"},
    "end.col.turn": {"zh": "轮", "en": "#"},
    "end.col.used": {"zh": "你用的技巧", "en": "You used"},
    "end.col.recommended": {"zh": "推荐", "en": "Recommended"},
    "end.col.score": {"zh": "得分", "en": "Score"},
    "end.evaluation": {"zh": "满意度处理评估", "en": "Satisfaction-handling evaluation"},
    "end.index": {
        "zh": "加权满意指数 Σ K·X:{index:.2f} / 5",
        "en": "Weighted index Σ K·X: {index:.2f} / 5",
    },
    "end.css": {
        "zh": "客户感知 {perceived:.2f} / 期望 {expected} · CSS {css:.2f} · 差距 {gap:+.2f}",
        "en": "Perceived {perceived:.2f} / expected {expected} · CSS {css:.2f} · gap {gap:+.2f}",
    },
    "end.level": {"zh": "满意程度:{level}", "en": "Satisfaction level: {level}"},
    "end.self": {
        "zh": "你觉得自己这次处理得怎么样?(1–5,按数字键)",
        "en": "How well do you think you handled it? (1–5, press a number)",
    },
    "end.self.saved": {
        "zh": "你的自评:{rating}({label}),已记录。",
        "en": "Your rating: {rating} ({label}), recorded.",
    },
    "end.self.unsaved": {
        "zh": "你的自评:{rating}({label})(没有记录)。",
        "en": "Your rating: {rating} ({label}) (not recorded).",
    },
    "end.retry": {"zh": "再练一次", "en": "Retry"},
    "end.next": {"zh": "下一个场景", "en": "Next scenario"},
    "end.home": {"zh": "回到首页", "en": "Home"},
    "key.retry": {"zh": "再练", "en": "Retry"},
    "key.next": {"zh": "下一个", "en": "Next"},
    "key.home": {"zh": "首页", "en": "Home"},
    "self.1": {"zh": "很差", "en": "poorly"},
    "self.2": {"zh": "较差", "en": "not well"},
    "self.3": {"zh": "一般", "en": "fairly"},
    "self.4": {"zh": "较好", "en": "well"},
    "self.5": {"zh": "很好", "en": "very well"},
    "outcome.won": {"zh": "成交", "en": "won"},
    "outcome.lost": {"zh": "客户流失", "en": "lost"},
    "outcome.resolved": {"zh": "已解决", "en": "resolved"},
    "outcome.escalated": {"zh": "投诉升级", "en": "escalated"},
    # -- help ----------------------------------------------------------------
    "help.title": {"zh": "六种异议处理技巧", "en": "The six objection-handling techniques"},
    "help.intro": {
        "zh": "每次回答后,系统会判断你用了哪种技巧、用得好不好,并和这一步推荐的技巧比较。也可能一种都没用(比如只道歉或答非所问)。",
        "en": "After each reply the dojo detects which technique you used and how well, and compares it with what this step calls for. A reply can also use none (a bare apology, or an off-topic answer).",
    },
    "help.ignore": {
        "zh": "客户的话离题、是玩笑或是给自己找台阶:微笑、轻轻认同,把话题带回正题。争论它只会把小事变成问题。",
        "en": "The remark is off the point, a joke or a face-saving grumble: smile, agree lightly, and steer back to the subject. Arguing it would only make an issue of it.",
    },
    "help.compensate": {
        "zh": "承认缺点是真的,再用更大的好处来弥补。例:“是的,价格高一些——但它的寿命是别家的三倍。”",
        "en": "Admit the drawback is real, then offset it with a larger benefit: “Yes, it costs more — and it lasts three times as long.”",
    },
    "help.taichi": {
        "zh": "把客户的异议本身变成购买的理由。",
        "en": "Turn the objection itself into the reason to buy.",
    },
    "help.taichi.examples": {
        "zh": "保险 — 客户:收入少,没有钱买保险。你:就是收入少,才更需要购买保险,以获得保障。\n服装 — 客户:我这种身材,穿什么都不好看。你:就是身材不好,才需稍加设计,以修饰掉不完美的地方。\n童书 — 客户:我的小孩连学校的课本都没兴趣,怎么可能会看课外读本?你:我们这套读本就是为激发小朋友的学习兴趣而特别编写的。",
        "en": "Insurance — Customer: My income is small; I have no money for insurance. You: Precisely because your income is small, you need insurance more, for protection.\nClothing — Customer: With my figure nothing looks good on me. You: That is exactly why a little design helps, to flatter where it isn't perfect.\nChildren's books — Customer: My child isn't even interested in school textbooks; why would they read these? You: This series was written precisely to spark children's interest in learning.",
    },
    "help.ask": {
        "zh": "用问题回应异议,找出背后的真实原因;假的、隐藏的异议要靠询问才能浮出水面。",
        "en": "Answer with a question to find the real reason behind the objection; a false or hidden objection only surfaces when you ask.",
    },
    "help.yes_if": {
        "zh": "先认同或肯定客户,再用“如果……”委婉地提出另一种看法,绝不直接说“您错了”。",
        "en": "First agree or acknowledge, then offer another view softly with “if…” — never a head-on “you're wrong”.",
    },
    "help.yes_if.examples": {
        "zh": "不说:您根本没了解我的意见,因为状况是这样的…… 而说:平心而论,在一般的状况下,您说的都非常正确,如果状况变成这样,您看我们是不是应该……\n不说:您的想法不正确,因为…… 而说:您有这样的想法,一点也没错,当我第一次听到时,我的想法和您完全一样,可是如果我们做进一步的了解后……",
        "en": "Not: “You haven't understood my point at all, because…” But: “In all fairness, in the usual case you are quite right; if things turn out like this, shouldn't we…”\nNot: “Your idea is wrong, because…” But: “It's quite natural to think so — I thought exactly the same when I first heard it; but if we look a little further…”",
    },
    "help.rebuttal": {
        "zh": "明确指出客户说错了并纠正事实。只用于事实错误或对公司诚信的怀疑,而且要有礼貌;它有让客户失面子的风险。",
        "en": "State plainly that the customer is mistaken and correct the fact. Only for a factual error or a doubt about the company's honesty, said politely; it risks the customer's face.",
    },
    "help.principles": {"zh": "处理异议的原则", "en": "Principles"},
    "help.principles.body": {
        "zh": "事前做好准备 · 选择恰当的时机 · 争辩是销售的第一大忌 · 给客户留面子 · 不夸大,不知道就诚实地说并去查 · 异议是客户还需要你的信号",
        "en": "Prepare in advance · choose the moment · arguing is the first taboo of selling · leave the customer face · never exaggerate; if you don't know, say so and find out · an objection is a sign the customer still needs you",
    },
    "help.keys": {"zh": "按键", "en": "Keys"},
    "help.keys.body": {
        "zh": "Enter 发送回答 · Ctrl+J 换行 · Ctrl+T 提示(扣分) · Ctrl+R 范例回答 · Esc 结束练习 · Ctrl+P 命令 · F1 帮助 · Ctrl+Q 退出",
        "en": "Enter sends a reply · Ctrl+J new line · Ctrl+T hint (costs points) · Ctrl+R model answers · Esc stops a session · Ctrl+P commands · F1 help · Ctrl+Q quit",
    },
}
"""Every interface string, by key, in each UI language."""


def register(strings: Mapping[str, Mapping[str, str]]) -> None:
    """Add strings (key -> {"zh": ..., "en": ...}) so other screens can use t() for their own keys.

    A key registered twice keeps the newer text, so a screen can be reloaded in a session.
    """
    for key, texts in strings.items():
        missing = {"zh", "en"} - set(texts)
        if missing:
            raise ValueError(f"string {key!r} has no {', '.join(sorted(missing))} text")
        STRINGS[key] = dict(texts)


def t(key: str, lang: str, **values: object) -> str:
    """The string for key in lang, formatted with values; the key itself when it is unknown.

    Returning the key keeps the app running if a string is missing, and makes the gap easy to spot.
    """
    texts = STRINGS.get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts["en"]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether a string is registered for key."""
    return key in STRINGS


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Show a node's key descriptions in lang; the descriptions in its BINDINGS are string keys.

    Textual reads descriptions from the node's bindings map, so the translated bindings
    replace those declared on the class; calling it again switches language.
    """
    declared = type(node)._merged_bindings
    if declared is None:
        return
    for key, bindings in declared.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(binding, description=t(binding.description, lang))
            if has(binding.description)
            else binding
            for binding in bindings
        ]


__all__ = ["STRINGS", "UILang", "has", "localize_bindings", "register", "t"]
