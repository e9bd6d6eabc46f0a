#pragma once
// Edit > Settings: the studio's preferences that are not part of a session. Today: the language
// of the window (system default, English, German, Korean), stored in QSettings "ui/language" and
// applied at the next start (docs/TRANSLATING.md). Reports no errors.
#include <QDialog>

class QComboBox;

namespace insolepose {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);

    /// The languages offered: code ("" = the system's) and name in that language.
    static QList<QPair<QString, QString>> languages();
    /// Saves the choice; returns true when it differs from the stored one (a restart applies it).
    bool apply();

private:
    QComboBox* m_language = nullptr;
};

} // namespace insolepose
