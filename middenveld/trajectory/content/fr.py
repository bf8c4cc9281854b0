"""French translations of the trajectory's demo content (same keys as nl.py)."""

SECTIONS = {
    "wat": (
        "C'est quoi, le parcours société civile ?",
        "La Ville de Gand et les organisations sociales de la ville travaillent ensemble. Dans le "
        "parcours société civile, nous cherchons ensemble comment mieux collaborer. Entre la ville et "
        "les organisations, et entre les organisations elles-mêmes.\n\nLes organisations travaillent "
        "souvent avec des bénévoles. Elles sont proches des personnes pour qui elles travaillent. "
        "C'est pour cela que la ville a besoin d'une société civile forte et critique.",
    ),
    "waarom": (
        "Pourquoi ce parcours ?",
        "Les organisations ont demandé des accords clairs : sur l'argent, sur les locaux, sur les "
        "conseils et sur la participation aux décisions. Elles veulent aussi une seule personne de "
        "contact à la ville, au lieu de beaucoup de services différents. Avec ce parcours, nous "
        "voulons régler cela ensemble.",
    ),
    "voor-wie": (
        "Pour qui ?",
        "Pour toutes les organisations sociales de Gand : associations de fait, asbl, initiatives de "
        "citoyens et auto-organisations. Petites ou grandes, nouvelles ou actives depuis longtemps. "
        "Et pour les services de la ville qui travaillent avec elles.",
    ),
    "sociaal-middenveld": (
        "Que voulons-nous dire par société civile sociale ?",
        "Ce sont toutes les organisations et initiatives qui veulent améliorer le bien-être et "
        "l'égalité des chances des Gantois en situation fragile. Elles le font de quatre façons : "
        "elles rassemblent les gens (rencontre), elles font du travail de base, elles défendent les "
        "intérêts des gens, ou elles aident les gens à devenir plus forts (émancipation). Toujours "
        "pour des personnes en situation de vulnérabilité.",
    ),
    "doel": (
        "Quel est le but ?",
        "Nous voulons arriver ensemble, de façon ouverte, à une vision commune : comment la ville et "
        "la société civile travaillent-elles ensemble, et comment les organisations collaborent-elles "
        "entre elles ? Sur la base de cette vision, nous rendons la collaboration meilleure et plus forte.",
    ),
    "onderzoek": (
        "La recherche qui a tout lancé",
        "De mai 2020 à février 2021, les universités de Gand, d'Anvers et de Louvain ont mené une "
        "recherche participative. Elles ont parlé avec des organisations et des services de la ville "
        "pour voir comment mieux collaborer. Sur la base de leurs recommandations, la ville a choisi "
        "six chantiers.",
    ),
}

WORKSTREAMS = {
    "basiswerk": (
        "Renforcer financièrement le travail de base",
        "De l'argent en plus pour les organisations qui travaillent près des personnes vulnérables.",
        "La ville prévoit au total 750 000 euros en plus pour renforcer le travail de base. Des "
        "représentants des organisations ont discuté ensemble des priorités pour cet argent. Ensuite, "
        "la ville a fixé des règles claires : qui peut demander de l'argent, pour quoi faire, et "
        "comment la décision est prise.",
    ),
    "advies-en-begeleiding": (
        "Conseil et accompagnement",
        "De l'aide pour les organisations qui démarrent ou qui veulent grandir.",
        "Un nouveau groupe a beaucoup de questions : faut-il créer une asbl ? Et les assurances ? Où "
        "trouver une salle ? Ce chantier prévoit un guide pour bien démarrer, des réponses aux "
        "questions et un accompagnement adapté à chaque groupe.",
    ),
    "participatie": (
        "Participation des minorités ethnoculturelles",
        "Tout le monde doit pouvoir participer, même si on ne parle pas encore bien le néerlandais.",
        "Les auto-organisations et les personnes issues de l'immigration participent pleinement. "
        "C'est pour cela que les textes sont simples et existent en plusieurs langues. Et pour chaque "
        "activité, vous pouvez demander un interprète.",
    ),
    "middenveldparlement": (
        "Parlement de la société civile et concertation",
        "Un parlement où les organisations se concertent et donnent des avis à la ville.",
        "Au parlement de la société civile, les organisations se concertent entre elles et avec la "
        "ville. Le parlement donne des avis, et la ville y répond publiquement. Il y a aussi des "
        "tables thématiques et des groupes de travail.",
    ),
    "stadsgebouwen": (
        "Bâtiments et infrastructures de la ville",
        "Des règles claires pour utiliser les locaux de la ville.",
        "Les organisations ont besoin d'un endroit pour se réunir. La ville explique clairement "
        "quels bâtiments et quelles salles existent, à quelles conditions, et comment ils sont répartis.",
    ),
    "interne-stadsorganisatie": (
        "Organisation interne de la ville",
        "La ville parle d'une seule voix.",
        "Une organisation ne doit pas parler avec dix services différents. Chaque organisation reçoit "
        "une personne de contact fixe, et les services de la ville collaborent mieux.",
    ),
}

ACTIONS = [
    (
        "Fixer les priorités avec les organisations",
        "Lors de moments de participation, des représentants des organisations ont discuté des "
        "besoins les plus urgents pour l'argent en plus.",
        [("Moments de participation",), ("Webinaire sur les lignes politiques",)],
    ),
    (
        "Un nouveau règlement de subsides pour le travail de base",
        "Des règles claires pour demander et répartir l'argent en plus.",
        [("Projet discuté avec les organisations",), ("Règlement approuvé",)],
    ),
    (
        "Un guide pour les organisations qui démarrent",
        "Un guide en langage simple qui aide les nouveaux groupes étape par étape.",
        [("Première version en ligne",)],
    ),
    (
        "Un seul guichet pour les questions",
        "Les questions par e-mail, par téléphone ou par formulaire en ligne arrivent au bon service.",
        [],
    ),
    (
        "Interprètes et traductions pendant les activités",
        "Pour chaque activité, vous pouvez demander un interprète. Les textes importants existent en "
        "plusieurs langues.",
        [("Accord sur un groupe d'interprètes",)],
    ),
    (
        "Lancer le parlement de la société civile",
        "Des accords sur qui y siège, à quelle fréquence le parlement se réunit et comment il donne "
        "ses avis.",
        [("Composition fixée",), ("Première séance",)],
    ),
    (
        "Une liste de tous les locaux de la ville",
        "Quelles salles existent, pour combien de personnes, et quand sont-elles libres ?",
        [("Tous les bâtiments recensés",)],
    ),
    (
        "Une personne de contact fixe par organisation",
        "Chaque organisation sait qui est sa personne de contact fixe à la ville.",
        [],
    ),
]

TIMELINE = {
    "onderzoek": (
        "Recherche participative",
        "Les universités de Gand, d'Anvers et de Louvain ont cherché avec les organisations comment "
        "mieux collaborer.",
    ),
    "maart-2021": (
        "Présentation des six chantiers",
        "La ville a présenté aux organisations les résultats de la recherche et les six chantiers.",
    ),
    "inspraak-mei-2021": (
        "Moments de participation sur le travail de base",
        "Des représentants d'organisations gantoises ont discuté des priorités pour l'argent en plus "
        "pour le travail de base.",
    ),
    "webinar-juni-2021": (
        "Webinaire sur les lignes politiques",
        "Dans un webinaire ouvert à tous, deux échevins ont expliqué les possibilités de soutien.",
    ),
    "reglement-2027": (
        "Nouveau règlement pour le travail de base",
        "Le nouveau règlement de subsides est présenté au conseil communal.",
    ),
    "parlement-2027": (
        "Première séance du parlement de la société civile",
        "Les premiers délégués des organisations se réunissent.",
    ),
    "evaluatie-2027": (
        "Évaluation avec les organisations",
        "Nous faisons le point ensemble : qu'est-ce qui marche déjà mieux, et qu'est-ce qui ne marche "
        "pas encore ?",
    ),
}

DOCUMENTS = {
    "presentatie-beleidslijnen": (
        "Présentation des lignes politiques pour le travail de base (26 juin 2021)",
        "La présentation du webinaire sur le renforcement financier du travail de base.",
    ),
    "webinar-opname": (
        "Enregistrement du webinaire (26 juin 2021)",
        "Regardez à nouveau le webinaire. L'introduction commence après 11 minutes et 20 secondes.",
    ),
    "onderzoeksrapport": (
        "Rapport final de la recherche participative",
        "Le rapport des universités, avec leurs recommandations.",
    ),
}

NEWS = {
    "platform-online": (
        "La plateforme du parcours société civile est en ligne",
        "Sur ce site, vous suivez tout le parcours : les chantiers, la ligne du temps et les documents.",
        "À partir de maintenant, vous trouvez toutes les informations sur le parcours société civile à "
        "un seul endroit. Vous voyez où en est chaque chantier, quels moments arrivent et quels "
        "documents existent. Vous avez une question ? Posez-la avec le formulaire, par e-mail ou par "
        "téléphone.",
    ),
    "reglement-basiswerk-besproken": (
        "Le projet de règlement pour le travail de base a été discuté",
        "Les organisations ont donné leur avis sur le projet du nouveau règlement.",
        "En septembre, des organisations ont discuté du projet du nouveau règlement de subsides pour "
        "le travail de base. Leurs remarques seront intégrées avant que le règlement passe au "
        "conseil communal.",
    ),
}

CONTACT = {
    "intro": "Vous avez une question sur le parcours société civile ? N'hésitez pas à la poser. Nous "
    "répondons le plus vite possible.",
    "opening_hours": "les jours ouvrables, de 9 h à 12 h et de 13 h à 16 h",
}

GENERATED = {
    "news_title": "Des nouvelles des chantiers ({number})",
    "news_summary": "Un court point sur les chantiers du parcours société civile.",
    "news_body": "Ce message fait partie des données de démonstration. Il montre à quoi ressemble "
    "une longue liste de nouvelles.",
    "document_title": "Compte rendu du groupe de travail {number}",
    "document_description": "Compte rendu d'un groupe de travail du parcours société civile "
    "(données de démonstration).",
}
