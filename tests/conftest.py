"""Shared fixtures: a tiny labelled corpus and a model fitted on it with a blank French
pipeline (fast); tests that need fr_core_news_sm or the shipped model carry a marker."""

import pandas as pd
import pytest

from verbatim2journey import JourneyClassifier

# (text, stage, channels, polarity, rupture)
TINY = [
    ("Je compare les offres avant de choisir, votre site est clair", "decouverte", "site_web", "enchantement", False),
    ("Quel est le prix de l'option internationale ? Je me renseigne", "decouverte", "", "neutre", False),
    ("Le commercial venu à domicile m'a harcelé pour un devis", "decouverte", "vendeur", "irritant", False),
    ("Brochure reçue, tarifs incompréhensibles, je cherche ailleurs", "decouverte", "catalogue", "irritant", False),
    ("Commande passée en deux clics sur l'appli, paiement facile", "achat", "appli_mobile", "enchantement", False),
    ("Impossible de valider mon panier, le paiement plante", "achat", "site_web", "irritant", False),
    ("Ouverture de compte en agence rapide, conseillère efficace", "achat", "agence|vendeur", "enchantement", False),
    ("Souscription du contrat : on m'a imposé des frais cachés", "achat", "", "irritant", False),
    ("Colis jamais arrivé, le suivi ne bouge plus", "livraison", "", "irritant", False),
    ("Livré en 24h, pas de souci", "livraison", "", "enchantement", False),
    ("Technicien absent pour l'installation de la fibre, aucun SMS", "livraison", "sms", "irritant", False),
    ("Carte bancaire reçue en trois jours, activation simple", "livraison", "", "enchantement", False),
    ("L'application plante tous les jours depuis la mise à jour", "usage", "appli_mobile", "irritant", False),
    ("Le réseau coupe sans arrêt dans mon quartier", "usage", "", "irritant", False),
    ("Produit solide, je m'en sers tous les jours", "usage", "", "enchantement", False),
    ("La box fonctionne bien depuis six mois", "usage", "", "enchantement", False),
    ("J'ai appelé le SAV : 40 minutes d'attente", "service_client", "telephone", "irritant", False),
    ("Remboursement toujours pas reçu après mon retour", "service_client", "", "irritant", False),
    ("Conseiller au téléphone très patient, problème réglé", "service_client", "telephone", "enchantement", False),
    ("Le chat me renvoie vers le téléphone qui me renvoie vers le chat", "service_client", "chat|telephone", "irritant", True),
    ("Prélèvement en double ce mois-ci, inadmissible", "facturation", "", "irritant", False),
    ("Facture plus élevée que le montant convenu", "facturation", "", "irritant", False),
    ("Échéancier accordé sans difficulté, merci", "facturation", "", "enchantement", False),
    ("Pourquoi ma facture a-t-elle changé ce mois-ci ?", "facturation", "espace_client", "neutre", False),
    ("Impossible de résilier en ligne, il faut envoyer un recommandé", "fidelite", "site_web|courrier", "irritant", True),
    ("Client depuis dix ans, rien à redire", "fidelite", "", "enchantement", False),
    ("Je ne recommande pas", "fidelite", "", "irritant", False),
    ("Je reste chez vous, programme fidélité généreux", "fidelite", "", "enchantement", False),
    ("Comment résilier mon abonnement ?", "fidelite", "", "neutre", False),
    ("Le magasin ne peut rien pour une commande faite sur le site", "service_client", "magasin|site_web", "irritant", True),
    ("Borne en panne à la gare, obligée de faire la queue au guichet", "achat", "borne|agence", "irritant", True),
    ("Mail de confirmation reçu tout de suite", "achat", "email", "enchantement", False),
]
TINY_COLUMNS = ["text", "stage", "channels", "polarity", "rupture"]


@pytest.fixture(scope="session")
def tiny_corpus() -> pd.DataFrame:
    df = pd.DataFrame(TINY, columns=TINY_COLUMNS)
    df["channels"] = df["channels"].map(lambda s: [c for c in s.split("|") if c])
    return df


@pytest.fixture(scope="session")
def tiny_model(tiny_corpus) -> JourneyClassifier:
    clf = JourneyClassifier(spacy_model="blank:fr", cv=2, min_df=1)
    return clf.fit(tiny_corpus["text"], tiny_corpus[["stage", "channels", "polarity", "rupture"]])


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_model, tmp_path_factory):
    return tiny_model.save(tmp_path_factory.mktemp("models") / "tiny")


def write_tiny_corpus(path, tiny_corpus, split=True):
    df = tiny_corpus.copy()
    df["channels"] = df["channels"].map("|".join)
    df["rupture"] = df["rupture"].map({True: "true", False: "false"})
    if split:
        df["split"] = ["test" if i % 4 == 3 else "train" for i in range(len(df))]
    df.to_csv(path, index=False)
    return path
