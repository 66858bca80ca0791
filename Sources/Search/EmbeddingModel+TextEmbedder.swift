import Embeddings

/// The BERT engine is the default model behind semantic search.
extension EmbeddingModel: TextEmbedder {}
