/*
 * text.h - every string of the web interface, in Arabic and French, in
 * one place (a translator edits this list only). Labels of the domain
 * (courts, vocabulary, stages, refusals) come from core/, not from here.
 */
#ifndef HIMAYA_WEB_TEXT_H
#define HIMAYA_WEB_TEXT_H

#include "../core/code.h"

#define WEB_TEXTS(X) \
	X(TX_APP, "حماية", "Himaya") \
	X(TX_APP_SUB, "تتبع قضايا الاستغلال الجنسي للأطفال عبر الإنترنت", "Suivi des affaires d'exploitation sexuelle des enfants en ligne") \
	X(TX_LOGIN, "تسجيل الدخول", "Connexion") \
	X(TX_LOGOUT, "تسجيل الخروج", "Déconnexion") \
	X(TX_LOGOUT_ALL, "الخروج من جميع الأجهزة", "Se déconnecter partout") \
	X(TX_USERNAME, "اسم المستخدم", "Nom d'utilisateur") \
	X(TX_PASSWORD, "كلمة المرور", "Mot de passe") \
	X(TX_TOTP, "رمز التحقق (6 أرقام من تطبيق المصادقة)", "Code de vérification (6 chiffres de l'application)") \
	X(TX_LOGIN_FAILED, "تعذر تسجيل الدخول: تحقق من اسم المستخدم وكلمة المرور والرمز. بعد عدة محاولات فاشلة يُقفل الحساب مؤقتا.", "Connexion refusée : vérifiez le nom, le mot de passe et le code. Après plusieurs échecs le compte est bloqué un moment.") \
	X(TX_LOGIN_HINT, "هذا النظام مخصص للنيابة العامة ولمصالح الشرطة القضائية. كل ولوج مسجل.", "Système réservé au ministère public et à la police judiciaire. Chaque accès est journalisé.") \
	X(TX_SWITCH_LANG, "Français", "العربية") \
	X(TX_DASHBOARD, "لوحة القيادة", "Tableau de bord") \
	X(TX_CASES, "القضايا", "Affaires") \
	X(TX_NEW_CASE, "تسجيل قضية", "Nouvelle affaire") \
	X(TX_TABLE, "جدول الإحصائيات", "Tableau statistique") \
	X(TX_DIFFICULTIES, "الصعوبات", "Difficultés") \
	X(TX_ADMIN, "الإدارة", "Administration") \
	X(TX_AUDIT, "سجل التتبع", "Journal d'audit") \
	X(TX_ROLE_ADMIN, "مدير النظام", "Administrateur") \
	X(TX_ROLE_PRESIDENCY, "رئاسة النيابة العامة", "Présidence du ministère public") \
	X(TX_ROLE_APPEAL, "النيابة العامة لدى محكمة الاستئناف", "Parquet général (Cour d'appel)") \
	X(TX_ROLE_COURT, "النيابة العامة لدى المحكمة الابتدائية", "Parquet (Tribunal de première instance)") \
	X(TX_ROLE_POLICE, "الشرطة القضائية", "Police judiciaire") \
	X(TX_NOT_FOUND, "الصفحة أو القضية المطلوبة غير موجودة.", "La page ou l'affaire demandée n'existe pas.") \
	X(TX_FORBIDDEN, "ليست لديك صلاحية القيام بهذا.", "Vous n'avez pas le droit de faire cela.") \
	X(TX_CSRF, "انتهت صلاحية النموذج أو لم يصدر عن هذا التطبيق. أعد تحميل الصفحة ثم حاول مرة أخرى.", "Le formulaire a expiré ou ne vient pas de cette application. Rechargez la page et réessayez.") \
	X(TX_TOO_LARGE, "الطلب أكبر من المسموح به.", "La requête est trop volumineuse.") \
	X(TX_BAD_REQUEST, "الطلب غير صالح.", "Requête invalide.") \
	X(TX_METHOD, "هذه الطريقة غير مقبولة لهذا العنوان.", "Méthode non acceptée pour cette adresse.") \
	X(TX_INTERNAL, "حدث خطأ داخلي. سُجل الخطأ؛ حاول مرة أخرى أو اتصل بمدير النظام.", "Erreur interne. Elle a été journalisée ; réessayez ou contactez l'administrateur.") \
	X(TX_ERROR, "خطأ", "Erreur") \
	X(TX_BACK_HOME, "العودة إلى الصفحة الرئيسية", "Retour à l'accueil") \
	X(TX_SIGNED_IN_AS, "المستخدم:", "Utilisateur :") \
	X(TX_OPEN_CASES, "القضايا الرائجة", "Affaires en cours") \
	X(TX_ALL_CASES, "مجموع القضايا", "Total des affaires") \
	X(TX_BY_STAGE, "القضايا حسب المرحلة", "Affaires par étape") \
	X(TX_BY_PLATFORM, "القضايا حسب المنصة", "Affaires par plateforme") \
	X(TX_BY_MONTH, "القضايا المسجلة حسب الشهر", "Affaires enregistrées par mois") \
	X(TX_STALLED, "قضايا دون أي إجراء منذ أكثر من", "Affaires sans aucun acte depuis plus de") \
	X(TX_DAYS, "يوما", "jours") \
	X(TX_NONE_STALLED, "لا توجد قضايا متوقفة.", "Aucune affaire à l'arrêt.") \
	X(TX_YEAR, "السنة", "Année") \
	X(TX_COURT, "المحكمة", "Tribunal") \
	X(TX_FILE_NUMBER, "رقم الملف", "Numéro du dossier") \
	X(TX_REGISTERED, "تاريخ التسجيل", "Date d'enregistrement") \
	X(TX_BODY, "الجهة المكلفة بالبحث", "Service d'enquête") \
	X(TX_UNIT, "الوحدة", "Unité") \
	X(TX_SUBJECT, "موضوع الإشعار", "Objet du signalement") \
	X(TX_PLATFORM, "المنصة", "Plateforme") \
	X(TX_BOTH_PLATFORMS, "المنصتان", "Les deux plateformes") \
	X(TX_SUSPECTS, "عدد المشتبه فيهم", "Nombre de suspects") \
	X(TX_NOTES, "ملاحظات", "Notes") \
	X(TX_STAGE, "المرحلة", "Étape") \
	X(TX_DECISION, "قرار النيابة العامة", "Décision du parquet") \
	X(TX_FIRST, "ابتدائيا", "Première instance") \
	X(TX_APPEAL, "استئنافيا", "Appel") \
	X(TX_CASSATION, "النقض", "Cassation") \
	X(TX_ANY, "الكل", "Tous") \
	X(TX_NONE_YET, "لا شيء بعد", "Aucune encore") \
	X(TX_FILTER, "تصفية", "Filtrer") \
	X(TX_NEXT_PAGE, "الصفحة التالية", "Page suivante") \
	X(TX_FIRST_PAGE, "الصفحة الأولى", "Première page") \
	X(TX_NO_CASES, "لا توجد قضايا تطابق هذا البحث.", "Aucune affaire ne correspond à cette recherche.") \
	X(TX_CASE, "القضية", "Affaire") \
	X(TX_CASE_STATE, "وضعية القضية", "État de l'affaire") \
	X(TX_TIMELINE, "مراحل القضية", "Chronologie") \
	X(TX_NO_EVENTS, "لم يسجل أي إجراء بعد.", "Aucun acte enregistré.") \
	X(TX_RECORD_EVENT, "تسجيل إجراء", "Enregistrer un acte") \
	X(TX_EV_INVESTIGATION, "الأمر بإجراء بحث", "Enquête ordonnée") \
	X(TX_EV_REPORT, "توصل بتقرير إخباري", "Rapport d'information reçu") \
	X(TX_EV_DECISION, "قرار المتابعة", "Décision de poursuite") \
	X(TX_EV_JUDGMENT, "حكم ابتدائي", "Jugement de première instance") \
	X(TX_EV_APPEAL, "قرار استئنافي", "Arrêt d'appel") \
	X(TX_EV_CASSATION, "قرار محكمة النقض", "Arrêt de la Cour de cassation") \
	X(TX_EV_CORRECTION, "تصحيح", "Correction") \
	X(TX_DATE, "التاريخ", "Date") \
	X(TX_NOTE, "ملاحظة", "Note") \
	X(TX_REASON, "سبب الحفظ", "Motif du classement") \
	X(TX_CHARGES, "التهم", "Chefs d'accusation") \
	X(TX_ACCUSED, "عدد المتابعين", "Nombre de poursuivis") \
	X(TX_OUTCOME, "المآل", "Issue") \
	X(TX_PRISON, "الحبس (بالأشهر)", "Emprisonnement (mois)") \
	X(TX_SUSPENDED, "منها موقوف التنفيذ (بالأشهر)", "Dont avec sursis (mois)") \
	X(TX_FINE, "الغرامة (بالدرهم)", "Amende (dirhams)") \
	X(TX_SAVE, "حفظ", "Enregistrer") \
	X(TX_OPEN_CASE_BUTTON, "تسجيل القضية", "Enregistrer l'affaire") \
	X(TX_CHOOSE, "— اختر —", "— choisir —") \
	X(TX_REQUIRED, "هذا الحقل إلزامي.", "Ce champ est obligatoire.") \
	X(TX_BAD_DATE, "التاريخ غير صحيح: اكتبه على شكل يوم/شهر/سنة، مثلا 31/12/2025.", "Date invalide : écrivez-la JJ/MM/AAAA, par exemple 31/12/2025.") \
	X(TX_BAD_NUMBER, "يجب إدخال عدد صحيح.", "Entrez un nombre entier.") \
	X(TX_BAD_TEXT, "النص غير صالح أو طويل جدا.", "Texte invalide ou trop long.") \
	X(TX_BAD_CHOICE, "اختيار غير معروف.", "Choix inconnu.") \
	X(TX_CASE_EXISTS, "توجد قضية بنفس رقم الملف في هذه المحكمة.", "Une affaire avec ce numéro existe déjà dans ce tribunal.") \
	X(TX_OUT_OF_SCOPE, "لا يمكنك تسجيل قضية خارج نطاق اختصاصك.", "Vous ne pouvez pas enregistrer d'affaire hors de votre ressort.") \
	X(TX_FORM_ERRORS, "لم يُحفظ شيء: صحح الحقول المشار إليها.", "Rien n'a été enregistré : corrigez les champs signalés.") \
	X(TX_REFUSED, "لم يُسجل الإجراء:", "Acte refusé :") \
	X(TX_SAVED, "تم التسجيل.", "Enregistré.") \
	X(TX_CHANGED_BY, "تغيّرت هذه القضية بعد أن فتحتَها: سجّل", "Cette affaire a changé depuis que vous l'avez ouverte : modifiée par") \
	X(TX_CHANGED_AT, "تغييرا في", "le") \
	X(TX_CHANGED_RELOAD, "أعد تحميل الصفحة وراجع التغيير، ثم أعد الإدخال إن لزم. لم يُسجل شيء.", "Rechargez la page, vérifiez la modification, puis ressaisissez si besoin. Rien n'a été enregistré.") \
	X(TX_RECORDED_BY, "سجله", "Saisi par") \
	X(TX_CORRECTS, "يصحح الإجراء رقم", "Corrige l'acte n°") \
	X(TX_RETRACTS, "يلغي الإجراء رقم", "Annule l'acte n°") \
	X(TX_REPLACED, "مصحح لاحقا", "Corrigé depuis") \
	X(TX_WAS_RETRACTED, "مسحوب", "Retiré") \
	X(TX_FIX, "تصحيح", "Corriger") \
	X(TX_RETRACT, "سحب", "Retirer") \
	X(TX_FIX_HINT, "يحل التصحيح محل هذا الإجراء في وضعية القضية، ويبقى الإجراء الأصلي ظاهرا في السجل.", "La correction remplace cet acte dans l'état de l'affaire ; l'acte d'origine reste visible dans l'historique.") \
	X(TX_RETRACT_HINT, "يُسحب هذا الإجراء من وضعية القضية ويبقى ظاهرا في السجل مع سبب سحبه.", "Cet acte est retiré de l'état de l'affaire ; il reste visible dans l'historique avec le motif du retrait.") \
	X(TX_FIX_SAVE, "حفظ التصحيح", "Enregistrer la correction") \
	X(TX_RETRACT_SAVE, "سحب هذا الإجراء", "Retirer cet acte") \
	X(TX_RETRACT_DATE, "تاريخ السحب", "Date du retrait") \
	X(TX_RETRACT_WHY, "سبب السحب", "Motif du retrait") \
	X(TX_DATE_FORMAT, "(يوم/شهر/سنة)", "(JJ/MM/AAAA)") \
	X(TX_QR_HINT, "امسح الرمز بتطبيق المصادقة (أو أدخل السر يدويا). لن يُعرض مرة أخرى.", "Scannez le code avec l'application d'authentification (ou saisissez le secret). Il ne sera plus affiché.") \
	X(TX_TOTP_RESET, "إعادة تعيين رمز التحقق", "Réinitialiser le TOTP") \
	X(TX_CONFIRM, "تأكيد", "Confirmer") \
	X(TX_TOTP_WAS_RESET, "أعيد تعيين سر التحقق بخطوتين (يُعرض مرة واحدة):", "Secret TOTP réinitialisé (affiché une seule fois) :") \
	X(TX_READ_ONLY, "اطلاع فقط: لا يمكنك تغيير هذه القضية.", "Consultation seule : vous ne pouvez pas modifier cette affaire.") \
	X(TX_PERIOD, "الفترة", "Période") \
	X(TX_FROM, "من", "Du") \
	X(TX_TO, "إلى", "Au") \
	X(TX_SCOPE, "النطاق", "Ressort") \
	X(TX_NATIONAL, "الصعيد الوطني", "National") \
	X(TX_DISTRICT, "الدائرة القضائية", "Ressort de cour d'appel") \
	X(TX_SHOW, "عرض", "Afficher") \
	X(TX_DOWNLOAD, "تحميل:", "Télécharger :") \
	X(TX_NO_TABLE_FOR_POLICE, "جدول الإحصائيات خاص بالنيابة العامة.", "Le tableau statistique est réservé au ministère public.") \
	X(TX_DIFF_NEW, "إثارة صعوبة", "Signaler une difficulté") \
	X(TX_DIFF_TITLE, "الموضوع", "Objet") \
	X(TX_DIFF_BODY, "وصف الصعوبة", "Description") \
	X(TX_DIFF_ANSWER, "جواب رئاسة النيابة العامة", "Réponse de la Présidence") \
	X(TX_DIFF_SEND, "إرسال", "Envoyer") \
	X(TX_DIFF_REPLY, "الجواب", "Répondre") \
	X(TX_DIFF_CLOSE, "إغلاق", "Clore") \
	X(TX_DIFF_OPEN, "مفتوحة", "Ouverte") \
	X(TX_DIFF_ANSWERED, "تم الجواب", "Répondue") \
	X(TX_DIFF_CLOSED, "مغلقة", "Close") \
	X(TX_DIFF_NONE, "لا توجد صعوبات مسجلة.", "Aucune difficulté enregistrée.") \
	X(TX_STATUS, "الحالة", "État") \
	X(TX_USERS, "المستخدمون", "Utilisateurs") \
	X(TX_ROLE, "الصفة", "Rôle") \
	X(TX_COURTS, "المحاكم", "Tribunaux") \
	X(TX_VOCABULARY, "المصطلحات", "Vocabulaire") \
	X(TX_CODE, "الرمز", "Code") \
	X(TX_LABEL_AR, "التسمية بالعربية", "Libellé arabe") \
	X(TX_LABEL_FR, "التسمية بالفرنسية", "Libellé français") \
	X(TX_KIND, "النوع", "Type") \
	X(TX_ADD_USER, "إضافة مستخدم", "Ajouter un utilisateur") \
	X(TX_USER_ADDED, "أضيف المستخدم. سر التحقق بخطوتين (يُعرض مرة واحدة):", "Utilisateur ajouté. Secret TOTP (affiché une seule fois) :") \
	X(TX_DISABLED, "معطل", "Désactivé") \
	X(TX_ACTIVE, "نشط", "Actif") \
	X(TX_WHEN, "الوقت", "Heure") \
	X(TX_ACTOR, "الفاعل", "Acteur") \
	X(TX_ACTION, "العملية", "Action") \
	X(TX_OBJECT, "الموضوع", "Objet") \
	X(TX_DETAIL, "تفاصيل", "Détail") \
	X(TX_ID, "الرقم", "N°") \
	X(TX_COUNT, "العدد", "Nombre") \
	/* the referral pages (referral_list.c, referral_page.c, case_referrals.c) */ \
	X(TX_REFERRAL, "الإحالة", "Signalement") \
	X(TX_REFERRALS_INTRO, "الإحالات كما توصلت بها وحدات الإحالة من المنصات (تقارير NCMEC وكشوفات CPS)، مع القضية التي أدت إليها. البحث بمعرّف أو بعنوان IP يُسجَّل في سجل التتبع.", "Les signalements tels que reçus des plateformes (rapports NCMEC, détections CPS), avec l'affaire à laquelle ils ont mené. Toute recherche par identifiant ou adresse IP est journalisée.") \
	X(TX_NO_REFERRALS, "لا توجد إحالة تطابق هذا البحث.", "Aucun signalement ne correspond à cette recherche.") \
	X(TX_WITHOUT_CASE, "لم تؤد إلى قضية بعد", "sans affaire pour l'instant") \
	X(TX_IP_FILTER, "عنوان IP أو نطاق (CIDR)", "Adresse IP ou bloc (CIDR)") \
	X(TX_IDENT_FILTER, "معرّف (بريد إلكتروني، هاتف، حساب، اسم مستعار)", "Identifiant (e-mail, téléphone, compte, pseudonyme)") \
	X(TX_RECEIVED_FROM, "توصل بها من", "Reçus du") \
	X(TX_RECEIVED_TO, "إلى", "au") \
	X(TX_BAD_IP, "ليس عنوان IP ولا نطاقا صحيحا، مثلا 105.66.1.2 أو 105.66.0.0/16.", "Ni une adresse IP ni un bloc valide, par exemple 105.66.1.2 ou 105.66.0.0/16.") \
	X(TX_BAD_IDENT, "لا يمكن البحث بهذه القيمة: بريد إلكتروني غير صحيح أو أحرف غير مقبولة.", "Valeur impossible à chercher : e-mail invalide ou caractères non admis.") \
	X(TX_INCIDENT_TYPE, "نوع الواقعة", "Type d'incident") \
	X(TX_INCIDENT_AT, "تاريخ الواقعة", "Date de l'incident") \
	X(TX_ESP, "مزود الخدمة", "Fournisseur de service") \
	X(TX_P2P_NETWORK, "شبكة الند للند", "Réseau P2P") \
	X(TX_P2P_CLIENT, "برنامج الند للند", "Client P2P") \
	X(TX_ANNOTATIONS, "ملاحظات المنصة", "Annotations de la plateforme") \
	X(TX_SOURCE_FILE, "الملف المصدر", "Fichier source") \
	X(TX_IMPORTED_AT, "تاريخ الاستيراد (UTC)", "Importé le (UTC)") \
	X(TX_UPDATED_AT, "آخر تحيين (UTC)", "Dernière mise à jour (UTC)") \
	X(TX_CONTENT_DROPPED, "عناصر محتوى ملفات حُذفت عند الاستيراد دون قراءتها", "Éléments de contenu de fichiers écartés à l'import sans lecture") \
	X(TX_IDENTIFIERS, "المعرّفات", "Identifiants") \
	X(TX_VALUE, "القيمة", "Valeur") \
	X(TX_ROLE_REPORTED, "المبلغ عنه", "personne signalée") \
	X(TX_ROLE_RECIPIENT, "المستقبِل", "destinataire") \
	X(TX_ROLE_VICTIM, "الضحية", "victime") \
	X(TX_IDK_EMAIL, "بريد إلكتروني", "e-mail") \
	X(TX_IDK_PHONE, "هاتف", "téléphone") \
	X(TX_IDK_SCREEN_NAME, "اسم مستعار", "pseudonyme") \
	X(TX_IDK_DISPLAY_NAME, "الاسم المعروض", "nom affiché") \
	X(TX_IDK_PROFILE_URL, "رابط الحساب", "lien du profil") \
	X(TX_IDK_ESP_ACCOUNT, "معرّف الحساب لدى المزود", "identifiant du compte chez le fournisseur") \
	X(TX_IDK_DEVICE, "جهاز", "appareil") \
	X(TX_IDK_P2P_GUID, "معرّف برنامج الند للند (GUID)", "GUID du client P2P") \
	X(TX_IDK_URL, "رابط الواقعة", "lien de l'incident") \
	X(TX_EV_LOGIN, "تسجيل الدخول", "connexion") \
	X(TX_EV_REGISTRATION, "إنشاء الحساب", "inscription") \
	X(TX_EV_PURCHASE, "شراء", "achat") \
	X(TX_EV_UPLOAD, "رفع ملف", "téléversement") \
	X(TX_EV_SEEN, "رُصد على الشبكة", "vu sur le réseau") \
	X(TX_INC_CSAM, "مواد إباحية تتعلق بالأطفال (حيازة، إنتاج، توزيع)", \
	  "pédopornographie (détention, production, diffusion)") \
	X(TX_INC_TRAFFICKING, "الاتجار الجنسي بالأطفال", "traite d'enfants à des fins sexuelles") \
	X(TX_INC_TOURISM, "السياحة الجنسية المتعلقة بالأطفال", "tourisme sexuel impliquant des enfants") \
	X(TX_INC_MOLESTATION, "الاعتداء الجنسي على الأطفال", "agression sexuelle sur enfant") \
	X(TX_INC_DOMAIN, "اسم نطاق مضلِّل", "nom de domaine trompeur") \
	X(TX_INC_MISLEADING, "كلمات أو صور رقمية مضلِّلة على الإنترنت", "mots ou images numériques trompeurs sur Internet") \
	X(TX_INC_ENTICEMENT, "استدراج الأطفال عبر الإنترنت لأفعال جنسية", \
	  "sollicitation d'enfants en ligne à des fins sexuelles") \
	X(TX_INC_UNSOLICITED, "إرسال مواد فاحشة غير مطلوبة إلى طفل", "envoi non sollicité de contenu obscène à un enfant") \
	X(TX_IP_EVENTS, "عناوين IP", "Adresses IP") \
	X(TX_IP, "العنوان", "Adresse") \
	X(TX_TIME_UTC, "الوقت (UTC)", "Heure (UTC)") \
	X(TX_PORT, "المنفذ", "Port") \
	X(TX_EVENT, "الحدث", "Événement") \
	X(TX_PROXY, "وكيل محتمل", "Proxy possible") \
	X(TX_YES, "نعم", "oui") \
	X(TX_NO, "لا", "non") \
	X(TX_FILES, "الملفات (الأسماء والبصمات فقط، دون أي محتوى)", "Fichiers (noms et empreintes seulement, jamais de contenu)") \
	X(TX_FILE_NAME, "اسم الملف", "Nom du fichier") \
	X(TX_INDUSTRY_CLASS, "تصنيف المنصة", "Classification de la plateforme") \
	X(TX_LOCATIONS, "الموقع كما ورد في الإحالة", "Localisation telle que donnée") \
	X(TX_COUNTRY, "البلد", "Pays") \
	X(TX_REGION, "الجهة", "Région") \
	X(TX_CITY, "المدينة", "Ville") \
	X(TX_ISP, "مزود الإنترنت", "Fournisseur d'accès") \
	X(TX_ASN, "رقم الشبكة (ASN)", "ASN") \
	X(TX_REVISIONS, "التحيينات (تقارير تكميلية)", "Mises à jour (rapports complémentaires)") \
	X(TX_CASE_REFERRALS, "الإحالات التي أدت إلى هذه القضية", "Signalements à l'origine de cette affaire") \
	X(TX_NO_CASE_REFERRALS, "لم تُربط أي إحالة بهذه القضية بعد.", "Aucun signalement n'est encore lié à cette affaire.") \
	X(TX_LINK_REFERRAL, "ربط إحالة بهذه القضية", "Lier un signalement à cette affaire") \
	X(TX_REFERRAL_REF, "رقم الإحالة أو المنصة:رقم البلاغ (مثلا ncmec:120334455)", "N° du signalement ou plateforme:n° de rapport (par ex. ncmec:120334455)") \
	X(TX_LINK, "ربط", "Lier") \
	X(TX_UNLINK, "فك الربط", "Délier") \
	X(TX_BAD_REFERRAL_REF, "لا توجد إحالة بهذا الرقم.", "Aucun signalement ne porte ce numéro.") \
	X(TX_REFERRAL_TAKEN, "هذه الإحالة مرتبطة بقضية أخرى: يجب فك ذلك الربط أولا.", "Ce signalement est lié à une autre affaire : il faut d'abord défaire ce lien.") \
	/* the triage page and the subject page (triage_page.c, subject_page.c) */ \
	X(TX_TRIAGE, "قائمة الفرز", "File de tri") \
	X(TX_TRIAGE_INTRO, "الأشخاص المبلغ عنهم الذين لم تُفتح بشأنهم قضية بعد، الأكثر استعجالا أولا: التصعيد، ثم أولوية NCMEC، ثم أجل حفظ سجلات مزود الخدمة، ثم الأحدث.", "Les personnes signalées sans affaire ouverte, les plus urgentes d'abord : escalade, priorité NCMEC, délai de conservation des logs du fournisseur d'accès, puis les plus récentes.") \
	X(TX_TRIAGE_EMPTY, "لا شيء للمعالجة.", "Rien à traiter.") \
	X(TX_TRIAGE_UNIT_EMPTY, "لا قضية لهذه الوحدة بعد، فلا محكمة لها: قائمتها فارغة. توجه النيابة العامة أو الرئاسة أولى الإحالات.", "Cette unité n'a encore aucun dossier, donc aucun tribunal : sa file est vide. Le parquet ou la Présidence oriente ses premiers signalements.") \
	X(TX_SUBJECTS_COUNT, "عدد الأشخاص", "Nombre de personnes") \
	X(TX_SHOWN_FIRST, "المعروض: أول", "Affichés : les") \
	X(TX_SHOWN_OF, "من أصل", "premiers sur") \
	X(TX_BY_HAND_ONLY, "التوجيه اليدوي فقط", "À orienter à la main seulement") \
	X(TX_URGENCY, "الاستعجال", "Urgence") \
	X(TX_ESCALATED, "تصعيد: طفل في خطر وشيك", "Escalade : enfant en danger imminent") \
	X(TX_PRIORITY, "أولوية NCMEC", "Priorité NCMEC") \
	X(TX_PRIORITY_INFO, "للعلم", "informatif") \
	X(TX_DEADLINE, "أجل حفظ السجلات", "Conservation des logs") \
	X(TX_DEADLINE_NEAR, "قريب", "proche") \
	X(TX_DEADLINE_PAST, "انتهى: لم تعد السجلات محفوظة", "dépassée : logs effacés") \
	X(TX_DEADLINE_NONE, "لا عنوان IP مؤرخ", "aucune IP datée") \
	X(TX_PROPOSED_COURT, "المحكمة المقترحة", "Tribunal proposé") \
	X(TX_REASON_PLACE, "حسب المكان الوارد في الإحالات", "d'après le lieu des signalements") \
	X(TX_REASON_GEOIP, "حسب الموقع الجغرافي لعناوين IP (غير مؤكد)", "d'après la géolocalisation des IP (incertain)") \
	X(TX_BY_HAND, "توجيه يدوي", "À orienter à la main") \
	X(TX_BY_HAND_NO_PLACE, "لا مكان بالمغرب", "aucun lieu au Maroc") \
	X(TX_BY_HAND_UNKNOWN, "مكان غير مدرج في جدول الأماكن", "lieu absent de la table des lieux") \
	X(TX_BY_HAND_SEVERAL, "أماكن تابعة لعدة محاكم:", "lieux de plusieurs tribunaux :") \
	X(TX_REFERRALS, "الإحالات", "Signalements") \
	X(TX_LAST_RECEIVED, "آخر إحالة", "Dernier signalement") \
	X(TX_FIRST_RECEIVED, "أول إحالة", "Premier signalement") \
	X(TX_NEEDS_PORT, "يلزم المنفذ", "port requis") \
	X(TX_SUBJECT_PERSON, "الشخص المبلغ عنه", "Personne signalée") \
	X(TX_WITH_CASE, "أدت إلى قضية", "a mené à une affaire") \
	X(TX_RECEIVED, "تاريخ التوصل", "Reçu le") \
	X(TX_REPORT_ID, "رقم البلاغ", "N° de signalement") \
	X(TX_LINKED_BECAUSE, "سبب الربط", "Liés parce que") \
	X(TX_IDENTIFIER, "المعرّف المشترك", "Identifiant commun") \
	X(TX_SERVICE, "الخدمة", "Service") \
	X(TX_LINK_DETAIL, "الأوقات والمنافذ", "Heures et ports") \
	X(TX_LINK_IP, "نفس عنوان IP في نفس الفترة", "même adresse IP au même moment") \
	X(TX_LINK_MANUAL, "قرار ضم اتخذه مستخدم", "fusion décidée par un agent") \
	X(TX_NO_LINKS, "إحالة واحدة: لا ربط.", "Un seul signalement : aucun lien.") \
	X(TX_SAME_CONTENT, "نفس المحتوى (ليس ربطا)", "Même contenu (pas un lien)") \
	X(TX_SAME_CONTENT_HINT, "ملف بنفس البصمة لدى شخص آخر: قد يتبادل الغرباء نفس الملفات، فهذا خيط للبحث وليس ربطا.", "Un fichier de même empreinte chez une autre personne : des inconnus échangent les mêmes fichiers, c'est une piste, pas un lien.") \
	X(TX_NO_SAME_CONTENT, "لا ملف مشترك مع شخص آخر.", "Aucun fichier commun avec une autre personne.") \
	X(TX_OTHER_SUBJECT, "الشخص الآخر", "Autre personne") \
	X(TX_HASH, "البصمة", "Empreinte")

enum text_id {
#define WEB_TEXT_ENUM(id, ar, fr) id,
	WEB_TEXTS(WEB_TEXT_ENUM)
#undef WEB_TEXT_ENUM
	TX_COUNT_
};

/* The text in lang (French for LANG_EN: the interface has two languages). */
const char *web_text(enum text_id id, enum lang lang);

#endif
