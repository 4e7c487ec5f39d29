from core.text import (
    caption_shaped,
    compact,
    fold_width,
    looks_like_heading,
    numbering,
    squeeze,
    without_numbering,
)


def test_whitespace_of_every_kind_is_removed():
    assert squeeze(" 行政\u3000运行\n（项） ") == "行政运行（项）"
    assert squeeze(None) == ""


def test_widths_fold_to_one_form_keeping_full_width_brackets():
    assert fold_width("２０２４年(类)：１,２３４") == "2024年（类）：1,234"
    assert compact("一般公共服务 (类)") == "一般公共服务（类）"


def test_heading_numbering_gives_the_level():
    assert numbering("第二部分 情况说明") == (1, "第二部分")
    assert numbering("三、 收入决算情况") == (2, "三、")
    assert numbering("（一）基本支出") == (3, "（一）")
    assert numbering("1.人员经费") == (4, "1.")
    assert numbering("1.5万元") is None


def test_a_numbered_sentence_is_not_a_heading():
    assert looks_like_heading("一、收入决算情况")
    assert not looks_like_heading("1、2024年预算资金662.32万元。")
    assert not looks_like_heading("一、财政拨款收入：指本级财政当年拨付的资金。")


def test_headings_align_without_their_numbering():
    assert without_numbering("七、 存在的问题") == "存在的问题"
    assert without_numbering("六、存在的问题") == "存在的问题"


def test_a_caption_is_short_and_not_a_sentence_or_note():
    assert caption_shaped("收入支出决算总表")
    assert not caption_shaped("注：本表无数据。")
    assert not caption_shaped("详见下表")
    assert not caption_shaped("第二部分 部门决算表")


def test_storable_text_loses_nul_and_lone_surrogates_but_keeps_every_real_character():
    from core.text import storable

    assert storable("部门\x00决算\ude34表\ud834") == "部门决算表"
    assert storable("𠮷野家 ＡＢ\t") == "𠮷野家 ＡＢ\t"
    storable("\ud834\udd1e").encode("utf-8")  # a surrogate pair left as two halves goes too
