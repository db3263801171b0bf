"""Rotation descriptions (kind: rotation): what a sentence is read as, and the thirds it earns.

Each row is (sentence, signed reference angle in degrees, reference scale, silent_scale policy, components right).
The near-misses matter most: a scale of 1.5 read as 1 (a false accept this table caught), the other direction,
the angle off by 180°, two different rotations offered at once.
"""

from __future__ import annotations

import pytest

from mathgrade.check import Status
from mathgrade.check.rotation import check_rotation, read_rotation

P = pytest.param
UNANSWERED, UNSCALED = "unanswered", "unscaled"

# (answer, angle, scale, policy, how many of angle/direction/scale are right)
ROWS = [
    # -- right, in the spellings students use --
    P("rotates by 45 degrees counter-clockwise, no scaling", 45, 1, UNANSWERED, 3, id="deg-ccw-no-scaling"),
    P("rotation by π/4 radians anticlockwise, lengths preserved", 45, 1, UNANSWERED, 3, id="pi-rad"),
    P("counter-clockwise rotation through pi/4 rad; lengths are unchanged", 45, 1, UNANSWERED, 3, id="lengths-unchanged"),
    P("rotation through 7*pi/6 counterclockwise, length-preserving", -150, 1, UNANSWERED, 3, id="7pi6-ccw"),
    P("it turns vectors clockwise by $\\frac{5\\pi}{6}$, scale factor 1", -150, 1, UNANSWERED, 3, id="latex-frac-pi"),
    P("Rotation by $150^\\circ$ clockwise (equivalently $210^\\circ$ counterclockwise), no scaling", -150, 1,
      UNANSWERED, 3, id="two-spellings-of-one-turn"),
    P("clockwise by 150°, i.e. 210° counterclockwise, an isometry", -150, 1, UNANSWERED, 3, id="direction-first"),
    P("150° clockwise, that is 210°, norms stay the same", -150, 1, UNANSWERED, 3, id="restated-without-direction"),
    P("direction: counterclockwise; angle: 45°; scale: 1", 45, 1, UNANSWERED, 3, id="labelled-fields"),
    P("rotates by -45 degrees clockwise, keeps lengths", 45, 1, UNANSWERED, 3, id="negative-angle-flips"),
    P("rotation by 3pi/4 clockwise, scaled by sqrt(2)", -135, 2 ** 0.5, UNANSWERED, 3, id="scaled-sqrt2"),
    P("scales by 2 and rotates by pi/4 ccw", 45, 2, UNANSWERED, 3, id="scale-first"),
    P("rotates by 0.7854 rad counter-clockwise, purely a rotation", 45, 1, UNANSWERED, 3, id="decimal-radians"),
    P("U rotates every vector by 210° counterclockwise and does not change its length", -150, 1, UNANSWERED, 3,
      id="does-not-change-length"),
    P("rotates 45 deg ccw, length same", 45, 1, UNANSWERED, 3, id="terse-length-same"),
    P("45° anticlockwise; every vector keeps the same length", 45, 1, UNANSWERED, 3, id="same-length"),
    P("rotates 45 deg cw, length same", 45, 1, UNANSWERED, 2, id="terse-length-same-wrong-way"),
    P("rotates 45 deg ccw, same length times 2", 45, 2, UNANSWERED, 2, id="same-length-hedged-with-a-scale"),
    P("rotates by 45 degrees counterclockwise", 45, 1, UNSCALED, 3, id="silent-scale-unscaled-policy"),
    # -- silence about the scale --
    P("rotates by 45 degrees counterclockwise", 45, 1, UNANSWERED, 2, id="silent-scale-unanswered"),
    P("rotates by 45 degrees counterclockwise", 45, 2, UNSCALED, 2, id="silent-but-it-scales"),
    P("rotates by 45 degrees counterclockwise and is scaled", 45, 1, UNSCALED, 2, id="scaled-no-factor"),
    # -- near-misses --
    P("rotates by 45 degrees counterclockwise, scaled by 1.5", 45, 1, UNANSWERED, 2, id="scale-1.5-is-not-1"),
    P("rotates by 45 degrees counterclockwise, scale 1/2", 45, 1, UNANSWERED, 2, id="scale-half"),
    P("rotates by 45 degrees clockwise, no scaling", 45, 1, UNANSWERED, 2, id="direction-swapped"),
    P("rotates by 225 degrees counterclockwise, no scaling", 45, 1, UNANSWERED, 2, id="off-by-180"),
    P("rotates by 90 degrees counterclockwise, no scaling", 45, 1, UNANSWERED, 2, id="wrong-angle"),
    P("rotates by 1/2 rad counterclockwise, no scaling", 45, 1, UNANSWERED, 2, id="half-radian"),
    P("rotation by 150° counterclockwise, no scaling", -150, 1, UNANSWERED, 2, id="150-wrong-way"),
    P("rotation through 5pi/6 counterclockwise, no scaling", -150, 1, UNANSWERED, 2, id="5pi6-wrong-way"),
    P("45° clockwise or counterclockwise, no scaling", 45, 1, UNANSWERED, 2, id="hedged-direction"),
    P("rotates 45° or 90° counterclockwise, no scaling", 45, 1, UNANSWERED, 2, id="hedged-angle"),
    P("rotates by 45 degrees clockwise or 45 counterclockwise", 45, 1, UNSCALED, 2, id="hedged-both-ways"),
    P("it is a reflection", 45, 1, UNANSWERED, 0, id="no-rotation-at-all"),
    P("clockwise or counterclockwise", 45, 1, UNSCALED, 0, id="only-hedged-directions"),
    # -- other languages: direction and scale words (French, Scandinavian, Russian, CJK), near-misses beside them --
    P("rotation d'angle π/4 dans le sens trigonométrique, conserve les normes", 45, 1, UNANSWERED, 3, id="fr-trigo"),
    P("rotation de 45° sens direct, pas de dilatation", 45, 1, UNANSWERED, 3, id="fr-sens-direct"),
    P("rotation de 45° sens indirect (horaire), pas de dilatation", 45, 1, UNANSWERED, 2, id="fr-indirect-is-cw"),
    P("rotation de π/2 sens trigo et homothétie de rapport 2", 90, 2, UNANSWERED, 3, id="fr-homothetie-rapport"),
    P("rotation de π/2 sens trigo et homothétie de rapport 3", 90, 2, UNANSWERED, 2, id="fr-wrong-rapport"),
    P("C'est une isométrie : rotation de 45° sens direct", 45, 1, UNANSWERED, 3, id="fr-isometrie"),
    P("rotation 45° moturs, ingen skalering", 45, 1, UNANSWERED, 3, id="sv-moturs"),
    P("rotation 45° medurs, ingen skalering", 45, 1, UNANSWERED, 2, id="sv-medurs-is-cw"),
    P("поворот на 45° против часовой стрелки, без растяжения", 45, 1, UNANSWERED, 3, id="ru-ccw"),
    P("逆时针旋转45°，长度不变", 45, 1, UNANSWERED, 3, id="zh-ccw"),
    P("顺时针旋转45°，长度不变", 45, 1, UNANSWERED, 2, id="zh-cw-inside-no-ccw"),
    P("반시계 방향으로 45° 회전", 45, 1, UNSCALED, 3, id="ko-ccw"),
    P("obrót o 45° przeciwnie do ruchu wskazówek zegara, bez skalowania", 45, 1, UNANSWERED, 3, id="pl-ccw"),
    P("obrót o 90° przeciwnie do ruchu wskazówek zegara i jednokładność o skali 2", 90, 2, UNANSWERED, 3,
      id="pl-homothety-scale-2"),
    P("V ruota i vettori di 45° in senso antiorario, senza dilatazione", 45, 1, UNANSWERED, 3, id="it-senza-dilatazione"),
    P("rotazione di 90° in senso antiorario composta con una dilatazione di fattore 2", 90, 2, UNANSWERED, 3,
      id="it-fattore-2"),
    P("ruota di 90 gradi in senso orario, le lunghezze non cambiano", 90, 1, UNANSWERED, 2, id="it-orario-is-cw"),
    P("quay 45° ngược chiều kim đồng hồ, độ dài không đổi", 45, 1, UNANSWERED, 3, id="vi-ccw-length-kept"),
    P("quay 90 độ ngược chiều kim đồng hồ rồi nhân độ dài lên 2 lần", 90, 2, UNANSWERED, 3, id="vi-times-2"),
    P("quay 45° cùng chiều kim đồng hồ, giữ nguyên độ dài", 45, 1, UNANSWERED, 2, id="vi-cw-is-wrong"),
    P("περιστροφή 90° αριστερόστροφα με κλιμάκωση 2", 90, 2, UNANSWERED, 3, id="el-ccw-scale-2"),
    P("περιστροφή κατά π/4 δεξιόστροφα, χωρίς κλιμάκωση", 45, 1, UNANSWERED, 2, id="el-cw-and-pi-in-a-greek-word"),
    P("چرخش ۴۵ درجه پادساعتگرد، بدون تغییر مقیاس", 45, 1, UNANSWERED, 3, id="fa-ccw-persian-digits"),
    P("چرخش ۴۵ درجه ساعتگرد، بدون تغییر مقیاس", 45, 1, UNANSWERED, 2, id="fa-cw-is-wrong"),
    P("στροφή 45° δεξιόστροφα, μήκη ίδια", 45, 1, UNANSWERED, 2, id="el-lengths-same-cw-wrong"),
    P("στρέφει κατά π/2 αριστερόστροφα και διπλασιάζει τα μήκη", 90, 2, UNANSWERED, 3, id="el-doubles"),
    P("στρέφει κατά π/2 αριστερόστροφα και τριπλασιάζει τα μήκη", 90, 2, UNANSWERED, 2, id="el-triples-is-wrong"),
    P("γωνία 90° ; φορά αριστερόστροφα ; $×2$", 90, 2, UNANSWERED, 3, id="bare-times-2-in-a-cell"),
    P("V is a 2×2 matrix: 45° counterclockwise, no scaling", 45, 1, UNANSWERED, 3, id="a-2x2-is-no-scale"),
    P("gira 45º antihorario, no escala", 45, 1, UNANSWERED, 3, id="es-ordinal-sign-for-degrees"),
    P("反時計回りに90°回転して2倍に拡大", 90, 2, UNANSWERED, 3, id="ja-twice-enlarged"),
    P("反時計回りに 45° 回転. 大きさは変わらない", 45, 1, UNANSWERED, 3, id="ja-size-unchanged"),
    P("반시계 90° 회전, 길이 2배", 90, 2, UNANSWERED, 3, id="ko-times-2-after-the-number"),
    P("V 是逆時針旋轉 45°,長度不變(沒有縮放)", 45, 1, UNANSWERED, 3, id="zh-traditional-length-unchanged"),
    P("順時針 45°, 不伸縮", 45, 1, UNANSWERED, 2, id="zh-traditional-cw-is-wrong"),
    P("R 是旋轉 90°（逆時針）然後放大兩倍", 90, 2, UNANSWERED, 3, id="zh-direction-after-the-angle-and-twice"),
    P("R 是旋轉 90°（順時針）然後放大三倍", 90, 2, UNANSWERED, 1, id="zh-cw-and-three-times-are-wrong"),
    P("gira 45° antihorario y no cambia el largo", 45, 1, UNANSWERED, 3, id="es-length-unchanged"),
    P("gira 45° horario, tampoco escala", -45, 1, UNANSWERED, 3, id="es-nor-does-it-scale"),
    P("หมุนตามเข็มนาฬิกา 45° (clockwise), ไม่ scale", -45, 1, UNANSWERED, 3, id="th-cw-no-scale"),
    P("หมุนทวนเข็มนาฬิกา 90° ขยาย 2 เท่า", 90, 2, UNANSWERED, 3, id="th-ccw-enlarged-2"),
    P("หมุนทวนเข็มนาฬิกา 90° ไม่มี scaling", 90, 2, UNANSWERED, 2, id="th-no-scaling-is-wrong-for-2"),
    P("kierto vastapäivään 90°, skaalaus 2", 90, 2, UNANSWERED, 3, id="fi-ccw-scaling-2"),
    P("kierto myötäpäivään 90°, skaalaus 2", 90, 2, UNANSWERED, 2, id="fi-cw-is-wrong"),
    P("forgatás 90°-kal az óramutató járásával ellentétesen, és kétszeres nagyítás", 90, 2, UNANSWERED, 3,
      id="hu-ccw-twofold"),
    P("forgatás 90°-kal az óramutató járásával megegyezően, nincs nyújtás", 90, 2, UNANSWERED, 1, id="hu-cw-no-stretch"),
    P("rotatie cu 150° in sens orar, nu scaleaza", -150, 1, UNANSWERED, 3, id="ro-cw-no-scaling"),
    P("rotacija za 45° u smjeru suprotnom od kazaljke na satu, nema skaliranja", 45, 1, UNANSWERED, 3, id="hr-ccw-no-scaling"),
    P("rotacija za 45° u smjeru kazaljke na satu, bez skaliranja", 45, 1, UNANSWERED, 2, id="hr-cw-is-wrong"),
    P("ротација за 90° супротно од казаљке на сату, скалирање 2", 90, 2, UNANSWERED, 3, id="sr-cyrillic-ccw-scaled-2"),
    P("rotație cu 90° în sens trigonometric + scalare cu factorul 2", 90, 2, UNANSWERED, 3, id="ro-ccw-scaled-by-factor-2"),
    P("rotation, angle 90°, sens antihoraire, facteur d'échelle 2", 90, 2, UNANSWERED, 3, id="fr-facteur-d-echelle"),
    P("rotation de 90° antihoraire, pas d'étirement", 90, 1, UNANSWERED, 3, id="fr-pas-d-etirement"),
    P("rotation de 90° antihoraire, pas d'étirement", 90, 2, UNANSWERED, 2, id="fr-pas-d-etirement-is-wrong-for-2"),
    P("V obraca wektor o kąt 45° przeciwnie do ruchu wskazówek zegara; długość się nie zmienia", 45, 1, UNANSWERED, 3,
      id="pl-length-does-not-change"),
    P("R to obrót o 90° w lewo połączony ze skalowaniem przez 2", 90, 2, UNANSWERED, 3, id="pl-left-scaled-by-2"),
    P("obrót o 90° w prawo, skalowanie x2", 90, 2, UNANSWERED, 2, id="pl-right-is-clockwise"),
    P("반시계방향 45° 회전, 크기 변화 X", 45, 1, UNANSWERED, 3, id="ko-size-change-crossed-out"),
    P("반시계 90° 회전, 길이 3배", 90, 2, UNANSWERED, 2, id="ko-times-3-is-wrong"),
    P("otočení o 90° proti směru hodinových ručiček, natažení 2×", 90, 2, UNANSWERED, 3, id="cs-2-times-after"),
    P("rot 90deg acw, x2", 90, 2, UNANSWERED, 3, id="x2-after-a-comma"),
    P("rotation by 90° acw, x2 = 0 on the axis", 90, 2, UNANSWERED, 2, id="x2-as-a-name-is-no-scale"),
    P("rotation 90° CW, a 2 × 2 matrix", 90, 2, UNANSWERED, 1, id="two-by-two-is-no-scale-claim"),
    P("angolo 150° ; verso orario ; dilatazione nessuna (det = 1)", -150, 1, UNANSWERED, 3, id="it-scale-word-then-none"),
    P("στροφή 45° δεξιόστροφα (clockwise), χωρίς scaling", -45, 1, UNANSWERED, 3, id="el-without-english-scaling"),
    P("putar 150° searah jarum jam (clockwise), tiada scaling", -150, 1, UNANSWERED, 3, id="ms-none-english-scaling"),
    P("roda os vetores 45° no sentido anti-horário e não altera o comprimento", 45, 1, UNANSWERED, 3, id="pt-length-unaltered"),
    P("rotação de 45° sentido anti-horário, não há escala", 45, 1, UNANSWERED, 3, id="pt-there-is-no-scale"),
    P("rotação de 45° sentido anti-horário, há escala 2", 45, 1, UNANSWERED, 2, id="pt-a-scale-of-2-is-wrong"),
    P("時計回りに 45° 回転, 拡大縮小なし", 45, 1, UNANSWERED, 2, id="ja-cw-is-wrong"),
    P("rotace o 45° proti směru hod. ručiček, délka se nemění", 45, 1, UNANSWERED, 3, id="cs-ccw-abbreviated"),
    P("rotace o 45° po směru hod. ručiček, délka se nemění", 45, 1, UNANSWERED, 2, id="cs-cw-is-wrong"),
    P("סיבוב ב- 45° נגד כיוון השעון, אורך נשמר", 45, 1, UNANSWERED, 3, id="he-hyphen-is-no-minus"),
    P("V memutar 45° berlawanan arah jarum jam, tiada penskalaan", 45, 1, UNANSWERED, 3, id="ms-ccw-no-scaling"),
    P("giro de 90º antihorario con una homotecia de razón 2", 90, 2, UNANSWERED, 3, id="es-homotecia-razon"),
    P("gira 90° antihorario y multiplica las longitudes por 3", 90, 2, UNANSWERED, 2, id="es-multiplica-por-3-wrong"),
    P("obrót o 90° przeciwnie do ruchu wskazówek zegara i jednokładność o skali 3", 90, 2, UNANSWERED, 2,
      id="pl-wrong-scale"),
    P("поворот на 90° против часовой стрелки + растяжение в 2 раза", 90, 2, UNANSWERED, 3, id="ru-stretch-2"),
    P("поворот на 90° за годинниковою стрілкою, розтяг у 2 рази", 90, 2, UNANSWERED, 2, id="uk-cw-is-wrong"),
    P("rotație de 45° în sens trigonometric, fără scalare", 45, 1, UNSCALED, 3, id="ro-trigonometric"),
    P("θ = 210°，即逆时针旋转 150°，不缩放", 210, 1, UNANSWERED, 2, id="zh-direction-goes-with-the-angle-after-it"),
    P("θ = 210°，即顺时针旋转 150°，不缩放", 210, 1, UNANSWERED, 3, id="zh-restated-clockwise"),
    P("Rota π/4 antihorario y conserva la norma (no hay escalamiento)", 45, 1, UNANSWERED, 3, id="es-conserva"),
    P("答:逆时针旋转 90°,放大 2 倍", 90, 2, UNANSWERED, 3, id="zh-enlarged-twice"),
    P("答:逆时针旋转 90°,放大 3 倍", 90, 2, UNANSWERED, 2, id="zh-enlarged-three-times-is-wrong"),
    P("rotates by {π} over {2} counter clockwise, and every length is doubled", 90, 2, UNANSWERED, 3,
      id="libreoffice-over"),
    P("rotates by {π} over {4} counter clockwise, and every length is doubled", 90, 2, UNANSWERED, 2,
      id="libreoffice-over-wrong-angle"),
]


@pytest.mark.parametrize("answer,angle,scale,policy,right", ROWS)
def test_rotation_thirds(answer: str, angle: float, scale: float, policy: str, right: int) -> None:
    verdict = check_rotation(answer, angle, scale, silent_scale=policy)
    assert verdict.score == pytest.approx(right / 3), (verdict.feedback, verdict.interpreted_as)
    expected = Status.CORRECT if right == 3 else Status.PARTIAL if right else Status.INCORRECT
    assert verdict.status is expected


@pytest.mark.parametrize("answer", [
    "45° clockwise or counterclockwise", "rotates 45° or 90° counterclockwise", "clockwise or counterclockwise"])
def test_two_different_rotations_are_named_in_the_feedback(answer: str) -> None:
    assert read_rotation(answer).conflict
    assert "more than one rotation" in check_rotation(answer, 45, 1).feedback


@pytest.mark.parametrize("answer", ["rotates by 45 degrees counterclockwise", "turns 45° ccw"])
def test_silence_about_scale_is_named_in_the_feedback(answer: str) -> None:
    verdict = check_rotation(answer, 45, 1)
    assert "Nothing was said about scaling" in verdict.feedback and "scale" in verdict.feedback.split("Not right")[1]


def test_a_bad_policy_is_refused() -> None:
    from mathgrade.check.options import CheckOptions
    with pytest.raises(ValueError, match="silent_scale"):
        CheckOptions(silent_scale="lenient")


def test_only_the_first_angles_are_read() -> None:
    """A description names one or two angles; thousands are read no further than MAX_ANGLES (each costs a parse)."""
    from mathgrade.check.rotation import MAX_ANGLES, _angles

    assert len(_angles("rotates by " + "45°, " * 3000)) == MAX_ANGLES
    assert check_rotation("rotates by " + "45°, " * 3000 + "counterclockwise, no scaling", 45, 1).score == 1.0


# (answer, angle, scale, policy, whether the verdict names the `silent_scale` doubt): only a described rotation
# that says nothing on scaling, of a map that does not scale, under the default `review`
SILENT = [
    P("rotates 45° clockwise", -45, 1, "review", True, id="silent-pure-rotation"),
    P("45 deg cw", -45, 1, "review", True, id="silent-terse"),
    P("rotates 45° counterclockwise", -45, 1, "review", True, id="silent-and-wrong-direction"),
    P("rotates 45° clockwise", -45, 1, UNANSWERED, False, id="explicitly-unanswered"),
    P("rotates 45° clockwise", -45, 1, UNSCALED, False, id="explicitly-unscaled-is-right"),
    P("rotates 45° clockwise, no scaling", -45, 1, "review", False, id="scale-said"),
    P("rotates 45° clockwise and scales", -45, 1, "review", False, id="scale-claimed-without-factor"),
    P("rotates 90° counterclockwise", 90, 2, "review", False, id="silent-but-the-map-scales"),
    P("it is a reflection", -45, 1, "review", False, id="nothing-of-a-rotation"),
]


@pytest.mark.parametrize("answer,angle,scale,policy,doubt", SILENT)
def test_a_silent_scale_on_a_pure_rotation_is_a_doubt_for_the_instructor(
        answer: str, angle: float, scale: float, policy: str, doubt: bool) -> None:
    from mathgrade.check.codes import Code
    verdict = check_rotation(answer, angle, scale, silent_scale=policy)
    assert (Code.SILENT_SCALE in verdict.diagnoses) is doubt, verdict
    if doubt:  # the rule still grades: the scale third is not given
        assert verdict.score <= 2 / 3
