import pytest

from ssassist.matrix import find_benefits
from ssassist.query.analysis import analyze_query
from ssassist.routing.benefit import main_benefit
from ssassist.routing.intent import coverage_pair


def route(question):
    analysis = analyze_query(question)
    return coverage_pair(question, analysis, analysis.mentions, find_benefits(question))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("¿Hay convenio entre México y Estados Unidos?", ("MX", "US", None)),
        (
            "soy peruano y trabaje en Argentina, cuentan mis años para la pension?",
            ("PE", "AR", "old_age"),
        ),
        ("Is there an agreement between Colombia and Spain?", ("CO", "ES", None)),
        (
            "I'm from Dominica (not the Dominican Republic) and work in Canada. "
            "Is there any agreement?",
            ("DM", "CA", None),
        ),
        (
            "Soy nica y estoy asegurado en el INSS. Si me enfermo en Costa Rica, ¿me atienden?",
            ("NI", "CR", "medical_care"),
        ),
    ],
)
def test_coverage_questions_go_to_the_check(question, expected):
    assert route(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "¿Qué países ofrecen seguro voluntario a sus emigrantes?",  # no country
        "How many Venezuelans did Colombia, Peru and Chile register?",  # three countries
        "What are the main destinations of Argentine emigrants, like Spain?",  # no agreement cue
    ],
)
def test_other_questions_go_to_retrieval(question):
    assert route(question) is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a benefit named outright beats a word describing the person or a vague one
        (
            "Jubilado chileno que se muda a España: ¿el convenio me da atención sanitaria?",
            ("CL", "ES", "medical_care"),
        ),
        (
            "Pensioner from Peru living in Spain, is my health insurance covered?",
            ("PE", "ES", "medical_care"),
        ),
        (
            "Por una enfermedad quedé inválido tras trabajar en Chile; soy boliviano. "
            "¿Hay convenio de invalidez?",
            ("CL", "BO", "invalidity"),
        ),
        (
            "I'm pregnant, Ecuadorian, working in Peru: is there an agreement for maternity leave?",
            ("EC", "PE", "maternity"),
        ),
        # a bare pension next to invalidity or survivors is theirs
        (
            "Quedé con incapacidad permanente en Argentina, soy uruguayo. ¿Me dan una pensión?",
            ("AR", "UY", "invalidity"),
        ),
        (
            "My wife is a widow now: my brother worked in Brazil, he was Paraguayan. "
            "Can she get a pension?",
            ("BR", "PY", "survivors"),
        ),
        # set aside: negations, "not only", "other than"
        (
            "Soy colombiano en Ecuador: no pregunto por la salud sino por la jubilación, "
            "¿hay convenio?",
            ("CO", "EC", "old_age"),
        ),
        (
            "Not asking about health care: will my years in Argentina count for retirement? "
            "I'm Chilean.",
            ("AR", "CL", "old_age"),
        ),
        (
            "nica en Panamá, ¿me cubren las consultas médicas, no solo las urgencias?",
            ("NI", "PA", "medical_care"),
        ),
        # the benefit right after "asking about" / "quiero saber" / "what about"
        (
            "Brazilian in Uruguay. Health care is fine, what about unemployment?",
            ("BR", "UY", "unemployment"),
        ),
        (
            "Paraguaya en Argentina, la salud la tengo cubierta; "
            "quiero saber si cobro asignaciones familiares",
            ("PY", "AR", "family"),
        ),
        # the question sentence beats the sentences around it
        (
            "Cobro una pensión de vejez en Chile. ¿Me cubre la atención médica en España?",
            ("CL", "ES", "medical_care"),
        ),
        (
            "I get a disability pension in Jamaica. "
            "Does any agreement give me sickness benefit in Barbados?",
            ("JM", "BB", "sickness"),
        ),
        # phrasings
        (
            "Argentino, laburé 20 años en Brasil, ¿puedo sumar esos años para mi retiro?",
            ("AR", "BR", "old_age"),
        ),
        (
            "Peruvian in Chile: if I fall ill, does the agreement pay me while off work?",
            ("PE", "CL", "sickness"),
        ),
        (
            "Colombian hurt on the job in Ecuador, does an agreement cover him?",
            ("CO", "EC", "employment_injury"),
        ),
        (
            "Bolivian worker died in Peru: can his family get a death grant under an agreement?",
            ("BO", "PE", "survivors"),
        ),
        (
            "Chilean in Spain, does the Chile-Spain treaty cover medical treatment?",
            ("CL", "ES", "medical_care"),
        ),
        (
            "uruguaya, voy a dar a luz en Argentina, ¿el convenio me cubre?",
            ("UY", "AR", "maternity"),
        ),
        (
            "venezolano en Uruguay, si me echan ¿hay algo por el convenio?",
            ("VE", "UY", "unemployment"),
        ),
        # "family" alone is the person's family, not family benefits
        (
            "Is there an agreement between Peru and Spain? My family lives there.",
            ("PE", "ES", None),
        ),
    ],
)
def test_the_benefit_asked_is_read_from_several_mentions(question, expected):
    assert route(question) == expected


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([], None),
        (["old_age"], "old_age"),
        (["sickness", "medical_care"], "medical_care"),
        (["invalidity", "old_age"], "invalidity"),
    ],
)
def test_main_benefit_from_ids_only(mentions, expected):
    assert main_benefit(mentions) == expected
