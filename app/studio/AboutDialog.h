#pragma once
// Help > About: the studio's version and the versions and licences of the libraries it is built
// on (docs/PACKAGING.md lists the same). Reports no errors.
#include <QDialog>

namespace insolepose {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    /// The text shown (rich text): version, then one row per dependency with its licence.
    static QString text();
};

} // namespace insolepose
