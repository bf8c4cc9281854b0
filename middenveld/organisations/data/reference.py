"""Starting lists for target groups and languages, in the six interface languages.

Loaded by migration 0002; the city manages them afterwards in /beheer/.
Order of each tuple: nl, en, fr, tr, ar, bg.
"""

TARGET_GROUPS: list[tuple[str, tuple[str, str, str, str, str, str]]] = [
    ("kinderen-en-jongeren", ("Kinderen en jongeren", "Children and young people", "Enfants et jeunes", "Çocuklar ve gençler", "الأطفال والشباب", "Деца и младежи")),
    ("ouderen", ("Ouderen", "Older people", "Personnes âgées", "Yaşlılar", "كبار السن", "Възрастни хора")),
    ("gezinnen", ("Gezinnen", "Families", "Familles", "Aileler", "العائلات", "Семейства")),
    ("mensen-in-armoede", ("Mensen in armoede", "People in poverty", "Personnes en situation de pauvreté", "Yoksulluk içindeki insanlar", "الأشخاص الذين يعيشون في فقر", "Хора в бедност")),
    ("nieuwkomers-en-vluchtelingen", ("Nieuwkomers en vluchtelingen", "Newcomers and refugees", "Primo-arrivants et réfugiés", "Yeni gelenler ve mülteciler", "الوافدون الجدد واللاجئون", "Новодошли и бежанци")),
    ("etnisch-culturele-minderheden", ("Etnisch-culturele minderheden", "Ethnic-cultural minorities", "Minorités ethnoculturelles", "Etnik-kültürel azınlıklar", "الأقليات العرقية والثقافية", "Етнокултурни малцинства")),
    ("mensen-met-een-beperking", ("Mensen met een beperking", "People with a disability", "Personnes en situation de handicap", "Engelli bireyler", "الأشخاص ذوو الإعاقة", "Хора с увреждания")),
    ("vrouwen", ("Vrouwen", "Women", "Femmes", "Kadınlar", "النساء", "Жени")),
    ("lgbtqia", ("LGBTQIA+-personen", "LGBTQIA+ people", "Personnes LGBTQIA+", "LGBTQIA+ bireyler", "أفراد مجتمع الميم", "ЛГБТКИА+ хора")),
    ("buurtbewoners", ("Buurtbewoners", "Residents of a neighbourhood", "Habitants du quartier", "Mahalle sakinleri", "سكان الحي", "Жители на квартала")),
    ("dak-en-thuislozen", ("Dak- en thuislozen", "Homeless people", "Personnes sans abri", "Evsizler", "المشردون", "Бездомни хора")),
    ("studenten", ("Studenten", "Students", "Étudiants", "Öğrenciler", "الطلاب", "Студенти")),
    ("iedereen", ("Iedereen", "Everyone", "Tout le monde", "Herkes", "الجميع", "Всички")),
]  # fmt: skip

LANGUAGES: list[tuple[str, tuple[str, str, str, str, str, str]]] = [
    ("nl", ("Nederlands", "Dutch", "Néerlandais", "Felemenkçe", "الهولندية", "Нидерландски")),
    ("fr", ("Frans", "French", "Français", "Fransızca", "الفرنسية", "Френски")),
    ("en", ("Engels", "English", "Anglais", "İngilizce", "الإنجليزية", "Английски")),
    ("de", ("Duits", "German", "Allemand", "Almanca", "الألمانية", "Немски")),
    ("tr", ("Turks", "Turkish", "Turc", "Türkçe", "التركية", "Турски")),
    ("ar", ("Arabisch", "Arabic", "Arabe", "Arapça", "العربية", "Арабски")),
    ("bg", ("Bulgaars", "Bulgarian", "Bulgare", "Bulgarca", "البلغارية", "Български")),
    ("ro", ("Roemeens", "Romanian", "Roumain", "Rumence", "الرومانية", "Румънски")),
    ("pl", ("Pools", "Polish", "Polonais", "Lehçe", "البولندية", "Полски")),
    ("es", ("Spaans", "Spanish", "Espagnol", "İspanyolca", "الإسبانية", "Испански")),
    ("it", ("Italiaans", "Italian", "Italien", "İtalyanca", "الإيطالية", "Италиански")),
    ("pt", ("Portugees", "Portuguese", "Portugais", "Portekizce", "البرتغالية", "Португалски")),
    ("ru", ("Russisch", "Russian", "Russe", "Rusça", "الروسية", "Руски")),
    ("uk", ("Oekraïens", "Ukrainian", "Ukrainien", "Ukraynaca", "الأوكرانية", "Украински")),
    ("fa", ("Perzisch (Farsi, Dari)", "Persian (Farsi, Dari)", "Persan (farsi, dari)", "Farsça (Farsi, Dari)", "الفارسية (الفارسية، الدارية)", "Персийски (фарси, дари)")),
    ("ps", ("Pasjtoe", "Pashto", "Pachto", "Peştuca", "البشتوية", "Пущу")),
    ("ku", ("Koerdisch", "Kurdish", "Kurde", "Kürtçe", "الكردية", "Кюрдски")),
    ("so", ("Somalisch", "Somali", "Somali", "Somalice", "الصومالية", "Сомалийски")),
    ("ti", ("Tigrinya", "Tigrinya", "Tigrigna", "Tigrinya", "التغرينية", "Тигриня")),
    ("am", ("Amhaars", "Amharic", "Amharique", "Amharca", "الأمهرية", "Амхарски")),
    ("zgh", ("Tamazight (Berbers)", "Tamazight (Berber)", "Tamazight (berbère)", "Tamazight (Berberice)", "الأمازيغية", "Тамазигт (берберски)")),
    ("sq", ("Albanees", "Albanian", "Albanais", "Arnavutça", "الألبانية", "Албански")),
    ("ur", ("Urdu", "Urdu", "Ourdou", "Urduca", "الأردية", "Урду")),
    ("zh", ("Chinees", "Chinese", "Chinois", "Çince", "الصينية", "Китайски")),
    ("vgt", ("Vlaamse Gebarentaal", "Flemish Sign Language", "Langue des signes flamande", "Flaman İşaret Dili", "لغة الإشارة الفلمنكية", "Фламандски жестов език")),
]  # fmt: skip
