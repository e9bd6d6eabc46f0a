#pragma once
// The studio's language (docs/TRANSLATING.md): the one chosen for this run (--language), else the
// one chosen in Edit > Settings (QSettings "ui/language"), else the system's. Reports no errors:
// a language without a translation shows English.
#include <QLocale>
#include <QString>

class QCoreApplication;

namespace insolepose {

/// The locale the studio uses: `override` (e.g. "ko"), else Settings, else the system's.
QLocale studioLocale(const QString& override = {});

/// Installs the studio's translation and Qt's own (standard dialogs) for `locale` into `app`
/// (replacing ones installed before) and makes it the default locale. Returns true when the
/// studio's own translation was found (false for English and for languages without one).
bool installTranslations(QCoreApplication& app, const QLocale& locale);

} // namespace insolepose
