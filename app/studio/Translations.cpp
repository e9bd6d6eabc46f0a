#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace insolepose {

QLocale studioLocale(const QString& override)
{
    const QString chosen = override.isEmpty() ? QSettings().value(QStringLiteral("ui/language")).toString() : override;
    return chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
}

bool installTranslations(QCoreApplication& app, const QLocale& locale)
{
    // The translators installed by the previous call, removed before new ones go in.
    static QPointer<QTranslator> studio, qt;
    for (QTranslator* old : {studio.data(), qt.data()})
        if (old) {
            QCoreApplication::removeTranslator(old);
            delete old;
        }
    QLocale::setDefault(locale);
    studio = new QTranslator(&app);
    const bool found =
        studio->load(locale, QStringLiteral("insolepose"), QStringLiteral("_"), QStringLiteral(":/i18n"));
    if (found)
        QCoreApplication::installTranslator(studio);
    qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return found;
}

} // namespace insolepose
