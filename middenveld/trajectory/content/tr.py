"""Turkish translations of the trajectory's demo content (same keys as nl.py)."""

SECTIONS = {
    "wat": (
        "Sivil toplum süreci nedir?",
        "Gent Belediyesi ve şehirdeki sosyal kuruluşlar birlikte çalışır. Sivil toplum sürecinde bu "
        "iş birliğinin nasıl daha iyi olabileceğine birlikte bakıyoruz. Belediye ile kuruluşlar "
        "arasında ve kuruluşların kendi aralarında.\n\nKuruluşlar çoğu zaman gönüllülerle çalışır. "
        "Hizmet ettikleri insanlara yakındırlar. Bu yüzden şehrin güçlü ve eleştirel bir sivil "
        "topluma ihtiyacı var.",
    ),
    "waarom": (
        "Bu süreç neden var?",
        "Kuruluşlar açık kurallar istedi: para, mekânlar, danışmanlık ve söz hakkı konusunda. "
        "Belediyede birçok farklı birim yerine tek bir irtibat kişisi de istiyorlar. Bu süreçle "
        "bunu birlikte düzenlemek istiyoruz.",
    ),
    "voor-wie": (
        "Kimin için?",
        "Gent'teki bütün sosyal kuruluşlar için: resmî olmayan dernekler, kâr amacı gütmeyen "
        "dernekler (vzw), vatandaş girişimleri ve öz örgütler. Küçük ya da büyük, yeni ya da uzun "
        "zamandır faal. Ve onlarla birlikte çalışan belediye birimleri için.",
    ),
    "sociaal-middenveld": (
        "Sosyal sivil toplum derken neyi kastediyoruz?",
        "Gent'te zor durumda olan insanların refahını ve fırsat eşitliğini iyileştirmek isteyen "
        "bütün kuruluşlar ve girişimler. Bunu dört şekilde yaparlar: insanları bir araya getirirler "
        "(buluşma), temel çalışma yaparlar, insanların haklarını savunurlar ya da insanların daha "
        "güçlü olmasına yardım ederler (özgürleşme). Her zaman zor durumdaki insanlar için.",
    ),
    "doel": (
        "Amaç nedir?",
        "Açık bir şekilde ortak bir vizyona ulaşmak istiyoruz: belediye ve sivil toplum nasıl "
        "birlikte çalışır, kuruluşlar kendi aralarında nasıl birlikte çalışır? Bu vizyona dayanarak "
        "iş birliğini daha iyi ve daha güçlü hâle getiriyoruz.",
    ),
    "onderzoek": (
        "Her şeyin başladığı araştırma",
        "Mayıs 2020'den Şubat 2021'e kadar Gent, Antwerpen ve Leuven üniversiteleri katılımcı bir "
        "araştırma yaptı. İş birliğinin nasıl daha iyi olabileceğini kuruluşlar ve belediye "
        "birimleriyle konuştular. Onların önerilerine dayanarak belediye altı çalışma alanı seçti.",
    ),
}

WORKSTREAMS = {
    "basiswerk": (
        "Temel çalışmayı maddi olarak güçlendirmek",
        "Zor durumdaki insanlara yakın çalışan kuruluşlar için ek para.",
        "Belediye, temel çalışmayı güçlendirmek için toplam 750.000 avro ek bütçe ayırıyor. "
        "Kuruluşların temsilcileri bu paranın öncelikleri hakkında birlikte konuştu. Sonra belediye "
        "açık kurallar hazırladı: kim para isteyebilir, ne için ve nasıl karar verilir.",
    ),
    "advies-en-begeleiding": (
        "Danışmanlık ve rehberlik",
        "Yeni başlayan ya da büyümek isteyen kuruluşlara destek.",
        "Yeni bir grubun çok sorusu olur: Dernek (vzw) kurmamız gerekiyor mu? Sigorta ne olacak? "
        "Nerede bir salon buluruz? Bu çalışma alanı bir yol rehberi, sorulara cevaplar ve ihtiyaca "
        "uygun rehberlik sunar.",
    ),
    "participatie": (
        "Etnik-kültürel azınlıkların katılımı",
        "Herkes katılabilmeli, Felemenkçeyi henüz iyi bilmeyenler de.",
        "Öz örgütler ve göçmen kökenli insanlar tam olarak katılır. Bu yüzden metinler basit ve "
        "birçok dildedir. Her etkinlikte tercüman da isteyebilirsiniz.",
    ),
    "middenveldparlement": (
        "Sivil toplum parlamentosu ve danışma yapıları",
        "Kuruluşların birlikte konuştuğu ve belediyeye tavsiye verdiği bir parlamento.",
        "Sivil toplum parlamentosunda kuruluşlar birbirleriyle ve belediyeyle konuşur. Parlamento "
        "tavsiye verir, belediye de buna açıkça cevap verir. Ayrıca tematik masalar ve çalışma "
        "grupları vardır.",
    ),
    "stadsgebouwen": (
        "Belediye binaları ve altyapısı",
        "Belediyenin mekânlarını kullanmak için açık kurallar.",
        "Kuruluşların bir araya gelecekleri bir yere ihtiyacı var. Belediye hangi binaların ve "
        "salonların olduğunu, hangi şartlarla kullanılabildiğini ve nasıl paylaştırıldığını açıkça "
        "anlatır.",
    ),
    "interne-stadsorganisatie": (
        "Belediyenin iç düzeni",
        "Belediye tek bir sesle konuşur.",
        "Bir kuruluş on farklı birimle konuşmak zorunda kalmamalı. Her kuruluşun sabit bir irtibat "
        "kişisi olur ve belediye birimleri daha iyi birlikte çalışır.",
    ),
}

ACTIONS = [
    (
        "Önceliklere kuruluşlarla birlikte karar vermek",
        "Katılım toplantılarında kuruluş temsilcileri ek paranın en çok nereye gerektiğini konuştu.",
        [("Katılım toplantıları",), ("Politika ilkeleri üzerine webinar",)],
    ),
    (
        "Temel çalışma için yeni bir destek yönetmeliği",
        "Ek parayı istemek ve paylaştırmak için açık kurallar.",
        [("Taslak kuruluşlarla konuşuldu",), ("Yönetmelik onaylandı",)],
    ),
    (
        "Yeni başlayan kuruluşlar için bir yol rehberi",
        "Yeni gruplara adım adım yardım eden, basit dilde bir rehber.",
        [("İlk sürüm internette",)],
    ),
    (
        "Sorular için tek bir başvuru noktası",
        "E-posta, telefon ya da web formuyla gelen sorular doğru birime ulaşır.",
        [],
    ),
    (
        "Etkinliklerde tercümanlar ve çeviriler",
        "Her etkinlikte tercüman isteyebilirsiniz. Önemli metinler birçok dilde vardır.",
        [("Tercüman havuzu üzerinde anlaşıldı",)],
    ),
    (
        "Sivil toplum parlamentosunu başlatmak",
        "Parlamentoda kimlerin olacağı, ne sıklıkla toplanacağı ve nasıl tavsiye vereceği konusunda "
        "anlaşmalar.",
        [("Üyeler belirlendi",), ("İlk oturum",)],
    ),
    (
        "Belediyenin bütün mekânlarının listesi",
        "Hangi salonlar var, kaç kişilik ve ne zaman boşlar?",
        [("Bütün binalar listelendi",)],
    ),
    (
        "Her kuruluş için sabit bir irtibat kişisi",
        "Her kuruluş, belediyedeki sabit irtibat kişisinin kim olduğunu bilir.",
        [],
    ),
]

TIMELINE = {
    "onderzoek": (
        "Katılımcı araştırma",
        "Gent, Antwerpen ve Leuven üniversiteleri, iş birliğinin nasıl daha iyi olabileceğini "
        "kuruluşlarla birlikte araştırdı.",
    ),
    "maart-2021": (
        "Altı çalışma alanının tanıtımı",
        "Belediye araştırmanın sonuçlarını ve altı çalışma alanını kuruluşlara tanıttı.",
    ),
    "inspraak-mei-2021": (
        "Temel çalışma hakkında katılım toplantıları",
        "Gent'teki kuruluşların temsilcileri, temel çalışma için ayrılan ek paranın önceliklerini "
        "konuştu.",
    ),
    "webinar-juni-2021": (
        "Politika ilkeleri üzerine webinar",
        "Herkese açık bir webinarda iki belediye başkan yardımcısı destek imkânlarını anlattı.",
    ),
    "reglement-2027": (
        "Temel çalışma için yeni yönetmelik",
        "Yeni destek yönetmeliği belediye meclisine sunulur.",
    ),
    "parlement-2027": (
        "Sivil toplum parlamentosunun ilk oturumu",
        "Kuruluşların ilk temsilcileri bir araya gelir.",
    ),
    "evaluatie-2027": (
        "Kuruluşlarla değerlendirme",
        "Birlikte geriye bakıyoruz: ne şimdiden daha iyi çalışıyor, ne henüz çalışmıyor?",
    ),
}

DOCUMENTS = {
    "presentatie-beleidslijnen": (
        "Sunum: temel çalışma için politika ilkeleri (26 Haziran 2021)",
        "Temel çalışmayı maddi olarak güçlendirme üzerine yapılan webinarın sunumu.",
    ),
    "webinar-opname": (
        "Webinarın kaydı (26 Haziran 2021)",
        "Webinarı tekrar izleyin. Giriş 11 dakika 20 saniyeden sonra başlıyor.",
    ),
    "onderzoeksrapport": (
        "Katılımcı araştırmanın son raporu",
        "Üniversitelerin raporu ve önerileri.",
    ),
}

NEWS = {
    "platform-online": (
        "Sivil toplum sürecinin platformu yayında",
        "Bu web sitesinde süreçle ilgili her şeyi takip edebilirsiniz: çalışma alanları, zaman "
        "çizelgesi ve belgeler.",
        "Artık sivil toplum süreciyle ilgili bütün bilgileri tek bir yerde bulabilirsiniz. Her "
        "çalışma alanının ne durumda olduğunu, hangi etkinliklerin yaklaştığını ve hangi belgelerin "
        "olduğunu görürsünüz. Bir sorunuz mu var? Formla, e-postayla ya da telefonla sorun.",
    ),
    "reglement-basiswerk-besproken": (
        "Temel çalışma yönetmeliğinin taslağı konuşuldu",
        "Kuruluşlar yeni yönetmeliğin taslağı hakkında görüşlerini bildirdi.",
        "Eylül ayında kuruluşlar, temel çalışma için yeni destek yönetmeliğinin taslağını konuştu. "
        "Yönetmelik belediye meclisine gitmeden önce onların yorumları metne eklenecek.",
    ),
}

CONTACT = {
    "intro": "Sivil toplum süreciyle ilgili bir sorunuz mu var? Çekinmeden sorun. En kısa zamanda "
    "cevap veriyoruz.",
    "opening_hours": "iş günlerinde 9.00–12.00 ve 13.00–16.00 arası",
}

GENERATED = {
    "news_title": "Çalışma alanlarından haberler ({number})",
    "news_summary": "Sivil toplum sürecinin çalışma alanlarından kısa bir durum bilgisi.",
    "news_body": "Bu mesaj deneme verilerinin bir parçasıdır. Uzun bir haber listesinin nasıl "
    "göründüğünü gösterir.",
    "document_title": "{number} numaralı çalışma grubunun raporu",
    "document_description": "Sivil toplum sürecindeki bir çalışma grubunun raporu (deneme verisi).",
}
